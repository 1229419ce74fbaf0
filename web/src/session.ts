// Who is signed in (GET /api/v1/me), shared by every page.
import { reactive } from 'vue'
import { api, ApiError, setCsrf } from './api'

export interface Role {
  region: string
  role: 'secretariat' | 'municipality_editor' | 'subcommittee_member' | 'council_member'
  municipality: string | null
  fields: string[]
}
export interface User {
  id: number
  login: string
  display_name: string
  is_admin: boolean
  roles: Role[]
}

export const session = reactive({
  loaded: false,
  user: null as User | null,
  secondFactor: 'none' as string,
})

export async function loadSession() {
  try {
    const { data } = await api.get('/api/v1/me')
    session.user = data.user
    session.secondFactor = data.second_factor
    setCsrf(data.csrf_token)
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e
    session.user = null
  }
  session.loaded = true
}

export function signedIn() {
  return !!session.user && (session.secondFactor === 'done' || session.secondFactor === 'none')
}

export function roleIn(slug: string): Role | undefined {
  return session.user?.roles.find((r) => r.region === slug)
}

export function isSecretariat(slug: string) {
  return !!session.user?.is_admin || roleIn(slug)?.role === 'secretariat'
}

export function myMunicipality(slug: string): string | null {
  const r = roleIn(slug)
  return r?.role === 'municipality_editor' ? r.municipality : null
}

export async function signOut() {
  try {
    await api.del('/api/v1/session')
  } finally {
    session.user = null
    session.secondFactor = 'none'
    setCsrf('')
  }
}
