// One confirmation dialog for the whole app (ConfirmDialog.vue in App.vue): a page awaits
// `confirmAction(...)`, which resolves true when the user chooses the action and false when
// they cancel (the button, Esc). Not window.confirm: the dialog is part of the page, in its
// language, readable by screen readers and by browser tests.
import { reactive } from 'vue'

export interface ConfirmRequest {
  title: string
  /** What will happen, in a sentence or two. */
  body: string
  /** The text of the button that does it (「提出する」「確定する」). */
  confirm: string
  cancel?: string
  danger?: boolean
}

export const confirmState = reactive({
  open: false,
  request: null as ConfirmRequest | null,
  resolve: null as ((ok: boolean) => void) | null,
})

export function confirmAction(request: ConfirmRequest): Promise<boolean> {
  // A second request while one is open answers the first with "cancel".
  confirmState.resolve?.(false)
  return new Promise((resolve) => {
    confirmState.request = request
    confirmState.resolve = resolve
    confirmState.open = true
  })
}

export function answerConfirm(ok: boolean) {
  const r = confirmState.resolve
  confirmState.resolve = null
  confirmState.open = false
  r?.(ok)
}
