import { api, ok, type Schema } from '../common/api/client'
import { loadRegionYears } from '../common/composables/usePlanYear'
import { nearestYearWithData } from '../common/lib/year-rule'
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
    // A year without actions has no ids of its own: take them from the nearest year with data.
    let ids: Schema<'Dashboard'> | null = null
    if (!dashboard?.progress?.fields?.length) {
      const years = await loadRegionYears(slug).catch(() => null)
      const other = years ? nearestYearWithData(fy, years.withData) : null
      if (other !== null && other !== fy)
        ids = await ok(api.GET('/api/v1/regions/{slug}/dashboard', { params: { path, query: { fy: String(other) } } })).then((r) => r.data).catch(() => null)
    }
    return buildTree({ vision, dashboard, kpis, progress, ids })
  }, [() => session.user])
  return { ...view, tree: view.data, member: () => isMember(view.slug.value) }
}
