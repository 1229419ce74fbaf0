import { computed } from 'vue'
import { useRoute } from 'vue-router'

/** The region of the current page (`/r/:slug/…`), for the API's `{slug}` path parameter. */
export function useRegionSlug() {
  const route = useRoute()
  return computed(() => String(route.params.slug ?? ''))
}
