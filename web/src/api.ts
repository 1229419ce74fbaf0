// The Kyosei API from the browser: same origin, session cookie, CSRF token on unsafe
// requests, RFC 9457 problems turned into ApiError with per-field messages.
import { reactive } from 'vue'
import { i18n } from './i18n'

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
  /**
   * Messages are in the language the page is shown in: problem+json carries Japanese
   * (`detail`, `title`, `errors[].message`) and English (`detail_en`, `title_en`,
   * `errors[].message_en`); `lang` defaults to the current UI language.
   */
  constructor(status: number, body: any, etag: string | null, lang: string = String(i18n.global.locale.value)) {
    const en = lang === 'en'
    super((en && (body?.detail_en || body?.title_en)) || body?.detail || body?.title || `HTTP ${status}`)
    this.status = status
    this.type = String(body?.type ?? '')
    this.title = String(body?.title ?? '')
    this.errors = Array.isArray(body?.errors)
      ? body.errors.map((e: any) => ({
          pointer: String(e.pointer ?? e.parameter ?? ''),
          message: String((en && (e.detail_en ?? e.message_en)) || (e.detail ?? e.message ?? '')),
          message_en: e.detail_en ?? e.message_en,
        }))
      : []
    this.current = body?.current
    this.etag = etag
  }
  /** Messages keyed by JSON pointer, e.g. "/text". */
  byField(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const e of this.errors) out[e.pointer] = out[e.pointer] ? `${out[e.pointer]} ${e.message}` : e.message
    return out
  }
}

export const csrf = reactive({ token: sessionStorage.getItem('kyosei.csrf') ?? '' })

export function setCsrf(token: string) {
  csrf.token = token
  sessionStorage.setItem('kyosei.csrf', token)
}

export interface Result<T> {
  data: T
  etag: string | null
  status: number
}

export async function request<T = any>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Result<T>> {
  const h: Record<string, string> = { Accept: 'application/json', ...headers }
  let payload: BodyInit | undefined
  if (body instanceof Blob || body instanceof ArrayBuffer) {
    payload = body as BodyInit
    h['Content-Type'] = 'application/octet-stream'
  } else if (body !== undefined) {
    payload = JSON.stringify(body)
    h['Content-Type'] = 'application/json'
  }
  if (method !== 'GET' && method !== 'HEAD' && csrf.token) h['X-CSRF-Token'] = csrf.token
  const res = await fetch(path, { method, headers: h, body: payload, credentials: 'same-origin' })
  const etag = res.headers.get('ETag')
  const text = res.status === 204 ? '' : await res.text()
  let data: any = null
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = text
    }
  }
  if (!res.ok) throw new ApiError(res.status, data, etag)
  return { data: data as T, etag, status: res.status }
}

export const api = {
  get: <T = any>(path: string) => request<T>('GET', path),
  post: <T = any>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T = any>(path: string, body: unknown, etag?: string | null) =>
    request<T>('PUT', path, body, etag ? { 'If-Match': etag } : {}),
  patch: <T = any>(path: string, body: unknown, etag: string | null) =>
    request<T>('PATCH', path, body, etag ? { 'If-Match': etag } : {}),
  del: <T = any>(path: string, etag?: string | null) =>
    request<T>('DELETE', path, undefined, etag ? { 'If-Match': etag } : {}),
}

export const regionPath = (slug: string) => `/api/v1/regions/${encodeURIComponent(slug)}`
