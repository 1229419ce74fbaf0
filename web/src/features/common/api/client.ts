// The Kyosei API from the browser, typed by the paths generated from docs/api/openapi.yaml
// (src/generated/api.d.ts): same origin, session cookie, CSRF token on unsafe requests,
// RFC 9457 problems turned into ApiError with per-field messages, ETags for If-Match.
import { reactive } from 'vue'
import createClient, { defaultPathSerializer } from 'openapi-fetch'
import type { components, paths } from '../../../generated/api'
import { ApiError } from './error'

export { ApiError, type FieldError } from './error'

export const csrf = reactive({ token: sessionStorage.getItem('kyosei.csrf') ?? '' })

export function setCsrf(token: string) {
  csrf.token = token
  sessionStorage.setItem('kyosei.csrf', token)
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Typed requests: `api.GET('/api/v1/regions/{slug}', { params: { path: { slug } } })`. */
export const api = createClient<paths>({
  credentials: 'same-origin',
  headers: { Accept: 'application/json' },
})
api.use({
  onRequest({ request }) {
    if (!SAFE.has(request.method) && csrf.token) request.headers.set('X-CSRF-Token', csrf.token)
    return request
  },
})

export interface Result<T> {
  data: T
  etag: string | null
  status: number
}

/** What openapi-fetch answers: data on success, the parsed error body otherwise. */
interface Fetched<D> {
  data?: D
  error?: unknown
  response: Response
}

/**
 * The data of a successful response with its ETag; an ApiError (problem+json mapped,
 * the current record on 412) otherwise.
 */
export async function ok<D>(request: Promise<Fetched<D>>): Promise<Result<D>> {
  const { data, error, response } = await request
  const etag = response.headers.get('ETag')
  if (!response.ok) throw new ApiError(response.status, error ?? null, etag)
  return { data: data as D, etag, status: response.status }
}

/**
 * The If-Match header for a record loaded at `etag`. Without an ETag (a record not stored
 * yet) the header is left out; where the API requires it the server answers 428, as before.
 */
export const ifMatch = (etag: string | null | undefined) => ({ 'If-Match': etag ?? undefined }) as { 'If-Match': string }

/** The ETag the server gives a record of version `v` ("v3"), or null for none yet. */
export const versionTag = (v: number | null | undefined) => (v ? `"v${v}"` : null)

/** A file's bytes as the raw request body (evidence uploads: not JSON). */
export const rawBody = {
  bodySerializer: (body: unknown) => body as BodyInit,
  headers: { 'Content-Type': 'application/octet-stream' },
}

/** A schema of docs/api/openapi.yaml by name: `Schema<'Round'>`. */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N]

/** The address of an API path for a link the browser follows itself (an evidence download). */
export const href = <P extends keyof paths>(path: P, params: Record<string, string | number>) =>
  defaultPathSerializer(path, params)
