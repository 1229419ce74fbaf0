import { onBeforeUnmount, onMounted } from 'vue'
import { onBeforeRouteLeave, onBeforeRouteUpdate } from 'vue-router'
import { i18n } from '../i18n'
import { confirmAction } from '../components/confirm'

/**
 * Warns before leaving a page with unsaved changes: another page of the app asks in the
 * confirmation dialog (stay, or leave and lose the changes); closing or reloading the tab
 * gets the browser's own warning (beforeunload). `dirty()` says whether anything typed is
 * not saved yet. `updates` also guards a change of the same page's parameters or query
 * (another resource, another town).
 */
export function useUnsavedGuard(dirty: () => boolean, how: { updates?: boolean } = {}) {
  const t = i18n.global.t
  const ask = async () =>
    !dirty() ||
    (await confirmAction({
      title: t('unsaved.title'),
      body: t('unsaved.body'),
      confirm: t('unsaved.leave'),
      cancel: t('unsaved.stay'),
      danger: true,
    }))
  onBeforeRouteLeave(ask)
  if (how.updates) onBeforeRouteUpdate(ask)
  const onUnload = (e: BeforeUnloadEvent) => {
    if (!dirty()) return
    e.preventDefault()
    e.returnValue = '' // older browsers need it set
  }
  onMounted(() => window.addEventListener('beforeunload', onUnload))
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onUnload))
}
