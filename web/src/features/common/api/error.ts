// RFC 9457 problems (application/problem+json) as an Error with per-field messages.
import type { components } from '../../../generated/api'
import { currentLocale, inLanguage } from '../i18n/language'

type Problem = components['schemas']['Problem']
type Loose<T> = { [K in keyof T]?: unknown }

/** A problem body as the server may send it; fields are checked, not trusted. */
function asProblem(body: unknown): Loose<Problem> & { errors?: unknown; current?: unknown } {
  return body && typeof body === 'object' ? (body as Loose<Problem>) : {}
}
const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined)

export interface FieldError {
  pointer: string
  message: string
  message_en?: string
}

export class ApiError extends Error {
  status: number
  type: string
  title: string
  errors: FieldError[]
  current: unknown
  etag: string | null
  /** 409 draft-pending: the draft revision through which the plan changes (its web page). */
  draft: { title: string; web: string } | null
  /**
   * Messages are in the language the page is shown in: problem+json carries Japanese
   * (`detail`, `title`, `errors[].message`) and English (`detail_en`, `title_en`,
   * `errors[].message_en`); `lang` defaults to the current UI language.
   */
  constructor(status: number, body: unknown, etag: string | null, lang: string = currentLocale()) {
    const p = asProblem(body)
    super(
      inLanguage(lang, str(p.detail) ?? str(p.title), str(p.detail_en) ?? str(p.title_en)) ?? `HTTP ${status}`,
    )
    this.status = status
    this.type = String(p.type ?? '')
    this.title = String(p.title ?? '')
    this.errors = Array.isArray(p.errors)
      ? p.errors.map((raw: unknown) => {
          const e = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>
          const en = str(e.detail_en) ?? str(e.message_en)
          return {
            pointer: String(e.pointer ?? e.parameter ?? ''),
            message: inLanguage(lang, String(e.detail ?? e.message ?? ''), en) ?? '',
            message_en: en,
          }
        })
      : []
    this.current = p.current
    this.etag = etag
    const d = p.draft && typeof p.draft === 'object' ? (p.draft as Record<string, unknown>) : null
    this.draft = d && /^\/r\/[a-z0-9-]+\/draft$/.test(String(d.web ?? '')) ? { title: String(d.title ?? ''), web: String(d.web) } : null
  }
  /** Messages keyed by JSON pointer, e.g. "/text". */
  byField(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const e of this.errors) out[e.pointer] = out[e.pointer] ? `${out[e.pointer]} ${e.message}` : e.message
    return out
  }
  /** The message and every field message, for a page-level notice. */
  summary(): string {
    return [this.message, ...this.errors.map((x) => x.message)].join(' ')
  }
}
