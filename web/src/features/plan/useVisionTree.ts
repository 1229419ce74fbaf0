import { ref, shallowRef, watch } from 'vue'
import { api, ok } from '../common/api/client'
import { errorText } from '../common/composables/useApiError'
import { usePlanYear } from '../common/composables/usePlanYear'
import { useRegionSlug } from '../common/composables/useRegionSlug'
import { session, signedIn, roleIn } from '../access/session'
import { buildTree, type VisionTree } from './tree'

/**
 * The drill-down pages' data for the page's fiscal year (the one year rule, ?fy=): the
 * vision, the dashboard and the KPI list, and for members the progress list, as one tree.
 */
export function useVisionTree() {
  const slug = useRegionSlug()
  const year = usePlanYear()
  const tree = shallowRef<VisionTree | null>(null)
  const error = ref('')
  const member = () => signedIn() && (!!session.user?.is_admin || !!roleIn(slug.value))
  async function load() {
    error.value = ''
    const wanted = year.fy.value
    try {
      await year.loadPlan(slug.value)
      if (!wanted) return // the year was just chosen; the watcher loads it
      const path = { slug: slug.value }
      const query = { fy: String(year.fy.value) }
      const [vision, dashboard, kpis, progress] = await Promise.all([
        ok(api.GET('/api/v1/regions/{slug}/vision', { params: { path, query } })).then((r) => r.data),
        ok(api.GET('/api/v1/regions/{slug}/dashboard', { params: { path, query } })).then((r) => r.data).catch(() => null),
        ok(api.GET('/api/v1/regions/{slug}/kpis', { params: { path, query } })).then((r) => r.data).catch(() => null),
        member() ? ok(api.GET('/api/v1/regions/{slug}/progress', { params: { path, query } })).then((r) => r.data).catch(() => null) : null,
      ])
      tree.value = buildTree({ vision, dashboard, kpis, progress })
    } catch (e) {
      error.value = errorText(e)
    }
  }
  watch([slug, year.fy, () => session.user], load, { immediate: true })
  return { slug, tree, error, member, ...year }
}
