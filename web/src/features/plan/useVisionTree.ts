import { api, ok } from '../common/api/client'
import { useYearData } from '../common/composables/useYearData'
import { session, signedIn, roleIn } from '../access/session'
import { buildTree } from './tree'

const isMember = (slug: string) => signedIn() && (!!session.user?.is_admin || !!roleIn(slug))

/**
 * The drill-down pages' data for the page's fiscal year (the one year rule, ?fy=): the
 * vision, the dashboard and the KPI list, and for members the progress list, as one tree.
 */
export function useVisionTree() {
  const view = useYearData(async (slug, fy) => {
    const path = { slug }
    const query = { fy: String(fy) }
    const [vision, dashboard, kpis, progress] = await Promise.all([
      ok(api.GET('/api/v1/regions/{slug}/vision', { params: { path, query } })).then((r) => r.data),
      ok(api.GET('/api/v1/regions/{slug}/dashboard', { params: { path, query } })).then((r) => r.data).catch(() => null),
      ok(api.GET('/api/v1/regions/{slug}/kpis', { params: { path, query } })).then((r) => r.data).catch(() => null),
      isMember(slug) ? ok(api.GET('/api/v1/regions/{slug}/progress', { params: { path, query } })).then((r) => r.data).catch(() => null) : null,
    ])
    return buildTree({ vision, dashboard, kpis, progress })
  }, [() => session.user])
  return { ...view, tree: view.data, member: () => isMember(view.slug.value) }
}
