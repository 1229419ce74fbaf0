import { createI18n } from 'vue-i18n'
import common from '../messages'
import access from '../../access/messages'
import audit from '../../audit/messages'
import council from '../../council/messages'
import dashboard from '../../dashboard/messages'
import kpi from '../../kpi/messages'
import notice from '../../notice/messages'
import plan from '../../plan/messages'
import progress from '../../progress/messages'
import search from '../../search/messages'

// Japanese first; English switchable (the choice is kept in localStorage). One language at
// a time: every text is a message of the current locale. Each feature keeps its texts in
// its own messages.ts; here they are merged (top-level keys do not overlap).
const merged = (lang: 'ja' | 'en') => ({
  ...common[lang], ...access[lang], ...audit[lang], ...council[lang], ...dashboard[lang], ...kpi[lang], ...notice[lang], ...plan[lang], ...progress[lang], ...search[lang],
})
type Messages = ReturnType<typeof merged>

export const i18n = createI18n<[Messages], 'ja' | 'en', false>({
  legacy: false,
  locale: localStorage.getItem('kyosei.lang') === 'en' ? 'en' : 'ja',
  fallbackLocale: 'ja',
  messages: { ja: merged('ja'), en: merged('en') },
})

export function toggleLanguage() {
  const next = i18n.global.locale.value === 'ja' ? 'en' : 'ja'
  i18n.global.locale.value = next
  localStorage.setItem('kyosei.lang', next)
  document.documentElement.lang = next
}
