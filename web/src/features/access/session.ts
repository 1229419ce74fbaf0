// Who is signed in (GET /api/v1/me), shared by every page.
import { reactive } from 'vue'
import type { components } from '../../generated/api'
import { api, ApiError, ok, setCsrf } from '../common/api/client'

export type User = components['schemas']['User']
export type Role = User['roles'][number]
type SecondFactor = components['schemas']['SessionInfo']['second_factor']

export const session = reactive({
  loaded: false,
  user: null as User | null,
  secondFactor: 'none' as SecondFactor | 'none',
})

/** Keeps what a sign-in step or GET /me answered. */
export function setSession(info: { user: User; second_factor: SecondFactor; csrf_token?: string }) {
  session.user = info.user
  session.secondFactor = info.second_factor
  if (info.csrf_token !== undefined) setCsrf(info.csrf_token)
}

export async function loadSession() {
  try {
    setSession((await ok(api.GET('/api/v1/me'))).data)
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e
    session.user = null
  }
  session.loaded = true
}

/** Fully signed in: the second factor done (or not needed) and no temporary password left. */
export function signedIn() {
  return !!session.user && (session.secondFactor === 'done' || session.secondFactor === 'none') && !session.user.must_change_password
}

export function roleIn(slug: string): Role | undefined {
  return session.user?.roles.find((r) => r.region === slug)
}

export function isSecretariat(slug: string) {
  return !!session.user?.is_admin || roleIn(slug)?.role === 'secretariat'
}

export function myMunicipality(slug: string): string | null {
  const r = roleIn(slug)
  return r?.role === 'municipality_editor' ? (r.municipality ?? null) : null
}

export async function signOut() {
  try {
    await ok(api.DELETE('/api/v1/session'))
  } finally {
    session.user = null
    session.secondFactor = 'none'
    setCsrf('')
  }
}
