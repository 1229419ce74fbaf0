// The one place that picks between the server's Japanese and English texts.
import { i18n } from './index'

export const currentLocale = (): string => String(i18n.global.locale.value)

/**
 * A text the server sends in both languages (`detail`/`detail_en`, `message`/`message_en`):
 * the English one when the page is in English and the server gave it, else the Japanese.
 */
export function inLanguage(lang: string, ja: string | undefined, en: string | undefined): string | undefined {
  return (lang === 'en' && en) || ja
}
