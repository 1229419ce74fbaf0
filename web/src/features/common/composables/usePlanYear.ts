import { onBeforeUnmount, ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { api, ok, type Schema } from '../api/client'
import { defaultYear, fyFromQuery, nearestYearWithData, planYears, type PlanPeriod } from '../lib/year-rule'

interface RegionYears {
  region: Schema<'Region'>
  plan: PlanPeriod
  withData: number[]
}
// Per region, once per visit: the plan period and the years that have data (actions
// registered that year, as the dashboard counts them). Every page uses the same answer.
const cache = new Map<string, Promise<RegionYears>>()

async function regionYears(slug: string): Promise<RegionYears> {
  const region = (await ok(api.GET('/api/v1/regions/{slug}', { params: { path: { slug } } }))).data
  const plan = { from: region.vision.from.year, to: region.vision.to.year }
  const counts = await Promise.all(
    planYears(plan).map(async (y) => {
      try {
        const d = (await ok(api.GET('/api/v1/regions/{slug}/dashboard', { params: { path: { slug }, query: { fy: String(y) } } }))).data
        return d.counts.actions > 0 ? y : null
      } catch {
        return null
      }
    }),
  )
  return { region, plan, withData: counts.filter((y): y is number => y !== null) }
}

export function loadRegionYears(slug: string): Promise<RegionYears> {
  let p = cache.get(slug)
  if (!p) {
    p = regionYears(slug)
    p.catch(() => cache.delete(slug))
    cache.set(slug, p)
  }
  return p
}
/** Forgets what is known of a region's years (after its content changed). */
export function forgetRegionYears(slug?: string) {
  if (slug) cache.delete(slug)
  else cache.clear()
}

/**
 * The region's plan period and the fiscal year a page shows, by the one year rule: `?fy=`
 * from the URL, else the latest year up to today that has data (lib/year-rule.ts). The
 * chosen year is written back to `?fy=` (replace, not a new history entry) and follows
 * the URL when a link changes it. `withData` lists the years that have data, for "this
 * year has no data — see 令和7年度".
 */
export function usePlanYear() {
  const route = useRoute()
  const router = useRouter()
  const plan = ref<PlanPeriod>({ from: 2025, to: 2029 })
  const withData = ref<number[]>([])
  const fy = ref(fyFromQuery(route.query.fy) ?? 0)
  async function loadPlan(slug: string) {
    const r = await loadRegionYears(slug)
    plan.value = r.plan
    withData.value = r.withData
    if (!fy.value) fy.value = defaultYear(r.plan, r.withData)
    return r.region
  }
  watch(() => route.query.fy, (v) => {
    const y = fyFromQuery(v)
    if (y && y !== fy.value) fy.value = y
  })
  // Only while the page is shown: a year chosen after the user has left must not change
  // the next page's URL.
  let shown = true
  onBeforeUnmount(() => (shown = false))
  watch(fy, (y) => {
    if (shown && y && String(y) !== route.query.fy) void router.replace({ query: { ...route.query, fy: String(y) } })
  })
  const hasData = (y: number) => withData.value.includes(y)
  const nearest = (y: number) => nearestYearWithData(y, withData.value)
  return { plan, fy, loadPlan, withData, hasData, nearest }
}
