import { useI18n } from 'vue-i18n'

/**
 * Texts the server sends only in Japanese (a status `{ code, label }`, a note): the server's
 * text on a Japanese page, the message `enKey` on an English one.
 */
export function useServerText() {
  const { t, locale } = useI18n()
  const serverText = (ja: string | null | undefined, enKey: string) => (locale.value === 'en' ? t(enKey) : (ja ?? ''))
  const codeLabel = (prefix: string, l: { code: string; label: string }) => serverText(l.label, `${prefix}.${l.code}`)
  return { serverText, codeLabel }
}
