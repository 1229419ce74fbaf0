// The form that creates a region (RegionsAdminPage, ADR 0019): what the administrator types,
// checked as the server checks it (POST /api/v1/regions answers 422 at the same pointers),
// and the body sent. Full-width digits in the code are read as the paste reads them. The
// central city is asked by name; a name Kyosei already knows (a municipality of a region it
// holds) fills in its code and kind (knownMunicipality).
import type { components } from '../../generated/api'

export type RegionCreate = components['schemas']['RegionCreate']

export interface RegionForm {
  slug: string
  name: string
  name_en: string
  kind: 'settlement' | 'metro-core'
  vision_title: string
  plan_from: number
  plan_to: number
  declared_on: string
  central_code: string
  central_name: string
  central_kind: 'city' | 'town' | 'village'
}

export function emptyRegionForm(fy: number): RegionForm {
  return {
    slug: '', name: '', name_en: '', kind: 'settlement', vision_title: '', plan_from: fy + 1, plan_to: fy + 5,
    declared_on: '', central_code: '', central_name: '', central_kind: 'city',
  }
}

/** Problem keys (regionsAdmin.problem.*) by pointer. */
export type RegionProblems = Record<string, 'required' | 'slug' | 'code' | 'checkDigit' | 'period'>

/**
 * The check digit (検査数字) of a five-digit 全国地方公共団体コード, as core/plan/municipality
 * computes it: the digits weighted 6, 5, 4, 3, 2, summed; 11 minus the sum modulo 11, its
 * last digit (01216 → 5, so 深川市 is 012165). Null when `code5` is not five digits.
 */
export function checkDigit(code5: string): number | null {
  if (!/^\d{5}$/.test(code5)) return null
  const sum = [...code5].reduce((acc, d, i) => acc + Number(d) * (6 - i), 0)
  return (11 - (sum % 11)) % 10
}

/** A municipality Kyosei already holds (in some region), offered by name. */
export interface KnownMunicipality {
  code: string
  name: string
  kind: 'city' | 'town' | 'village'
}

/** The known municipality of exactly this name (trimmed), or null (none, or several). */
export function knownMunicipality(name: string, known: readonly KnownMunicipality[]): KnownMunicipality | null {
  const hits = known.filter((m) => m.name === name.trim())
  const codes = new Set(hits.map((m) => m.code))
  return codes.size === 1 ? hits[0] : null
}

/** The known municipalities of several regions' lists: one per code, in code order. */
export function mergeKnown(lists: readonly (readonly KnownMunicipality[])[]): KnownMunicipality[] {
  const byCode = new Map<string, KnownMunicipality>()
  for (const list of lists) for (const m of list) if (!byCode.has(m.code)) byCode.set(m.code, { code: m.code, name: m.name, kind: m.kind })
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code))
}

const halfWidth = (s: string) => s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000]/g, '')

/** The body to send, or the problems by pointer. */
export function regionBody(f: RegionForm): { body: RegionCreate; problems: null } | { body: null; problems: RegionProblems } {
  const p: RegionProblems = {}
  const slug = f.slug.trim()
  if (!slug) p['/slug'] = 'required'
  else if (!/^[a-z0-9-]{1,64}$/.test(slug)) p['/slug'] = 'slug'
  for (const [key, value] of [['/name', f.name], ['/vision_title', f.vision_title], ['/central/name', f.central_name]] as const)
    if (!value.trim()) p[key] = 'required'
  const code = halfWidth(f.central_code)
  if (!code) p['/central/code'] = 'required'
  else if (!/^\d{5,6}$/.test(code)) p['/central/code'] = 'code'
  else if (code.length === 6 && checkDigit(code.slice(0, 5)) !== Number(code[5])) p['/central/code'] = 'checkDigit'
  if (f.plan_to < f.plan_from) p['/plan_to'] = 'period'
  if (Object.keys(p).length) return { body: null, problems: p }
  const body: RegionCreate = {
    slug, name: f.name.trim(), kind: f.kind, vision_title: f.vision_title.trim(),
    plan_from: f.plan_from, plan_to: f.plan_to,
    central: { code, name: f.central_name.trim(), kind: f.central_kind },
  }
  if (f.name_en.trim()) body.name_en = f.name_en.trim()
  if (f.declared_on) body.declared_on = f.declared_on
  return { body, problems: null }
}
