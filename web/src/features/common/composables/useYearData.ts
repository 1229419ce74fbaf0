import { ref, shallowRef, watch, type WatchSource } from 'vue'
import { errorText } from './useApiError'
import { usePlanYear } from './usePlanYear'
import { useRegionSlug } from './useRegionSlug'

/**
 * What a year-bound page shows: `fetch` for the page's region and fiscal year (the one year
 * rule, usePlanYear), run again when either changes or one of `also` does. Without a year in
 * the URL the plan is loaded first and the year it chooses triggers the fetch. `error` is why
 * the last load failed, '' when it did not.
 */
export function useYearData<T>(fetch: (slug: string, fy: number) => Promise<T>, also: WatchSource[] = []) {
  const slug = useRegionSlug()
  const year = usePlanYear()
  const data = shallowRef<T | null>(null)
  const error = ref('')
  // Only the last load started is applied: a year chosen quickly after another never shows
  // the earlier year's answer arriving late.
  let loadSeq = 0
  async function load() {
    error.value = ''
    const wanted = year.fy.value
    const seq = ++loadSeq
    try {
      await year.loadPlan(slug.value)
      if (!wanted) return // the year was just chosen by the one year rule; the watcher loads it
      const fetched = await fetch(slug.value, year.fy.value)
      if (seq === loadSeq) data.value = fetched
    } catch (e) {
      if (seq === loadSeq) error.value = errorText(e)
    }
  }
  watch([slug, year.fy, ...also], load, { immediate: true })
  return { slug, data, error, reload: load, ...year }
}
