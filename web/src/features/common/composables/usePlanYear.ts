import { ref } from 'vue'
import { useRoute } from 'vue-router'
import { api, ok } from '../api/client'
import { fiscalYearOf } from '../lib/wareki'

/**
 * The region's plan period and the fiscal year a page shows: `?fy=` from the URL, else
 * this fiscal year kept within the plan period.
 */
export function usePlanYear() {
  const route = useRoute()
  const plan = ref({ from: 2025, to: 2029 })
  const fy = ref(Number(route.query.fy) || 0)
  async function loadPlan(slug: string) {
    const region = (await ok(api.GET('/api/v1/regions/{slug}', { params: { path: { slug } } }))).data
    plan.value = { from: region.vision.from.year, to: region.vision.to.year }
    if (!fy.value) fy.value = Math.min(Math.max(fiscalYearOf(new Date()), plan.value.from), plan.value.to)
    return region
  }
  return { plan, fy, loadPlan }
}
