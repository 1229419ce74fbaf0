import { ref } from 'vue'
import { ApiError } from '../api/client'
import { i18n } from '../i18n'

/** fetch rejects with a TypeError when the server cannot be reached. */
const isNetworkError = (e: unknown) => e instanceof TypeError

/**
 * Field messages (by JSON pointer, "/text") and a page-level message from a failed request,
 * in the language the page is shown in (ApiError picks the server's Japanese or English).
 */
export function useApiError() {
  const fieldErrors = ref<Record<string, string>>({})
  const message = ref('')
  function clear() {
    fieldErrors.value = {}
    message.value = ''
  }
  /**
   * Shows an ApiError (or, when the server could not be reached, the network message);
   * anything else is rethrown. `summary` puts every field message in `message`.
   */
  function show(e: unknown, how: { summary?: boolean } = {}) {
    if (isNetworkError(e)) {
      fieldErrors.value = {}
      message.value = i18n.global.t('common.networkError')
      return { message: message.value }
    }
    if (!(e instanceof ApiError)) throw e
    fieldErrors.value = e.byField()
    message.value = how.summary ? e.summary() : e.message
    return e
  }
  return { fieldErrors, message, clear, show }
}

/** The message of a failed request (or of another error), for a notice. */
export const errorText = (e: unknown, summary = false) =>
  e instanceof ApiError ? (summary ? e.summary() : e.message) : isNetworkError(e) ? i18n.global.t('common.networkError') : String(e)
