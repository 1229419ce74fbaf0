// Names for the council forms' pickers: the region's fields, categories, member towns and
// register entries, loaded once per page. Only people with a role in the region may read
// them (the editing API); signed-out visitors never see the forms that need them.
import { api, ok, type Schema } from '../common/api/client'

export interface Lookups {
  fields: { id: number; name: string }[]
  categories: { id: number; name: string; field_id: number }[]
  towns: { code: string; name: string }[]
}

export async function loadLookups(slug: string): Promise<Lookups> {
  const path = { path: { slug } }
  const [f, c, m] = await Promise.all([
    ok(api.GET('/api/v1/regions/{slug}/fields', { params: path })),
    ok(api.GET('/api/v1/regions/{slug}/categories', { params: path })),
    ok(api.GET('/api/v1/regions/{slug}/municipalities', { params: path })),
  ])
  return {
    fields: f.data.items.map((x) => ({ id: x.id, name: x.name })),
    categories: c.data.items.map((x) => ({ id: x.id, name: x.name, field_id: x.field_id })),
    towns: m.data.items.map((x) => ({ code: x.code, name: x.name })),
  }
}

export type Meeting = Schema<'Meeting'>
export type Opinion = Schema<'Opinion'>
export type OpinionStatus = Opinion['status']['code']
export type Target = Schema<'OpinionTarget'>
export type OpinionTable = Schema<'OpinionTable'>

/** A target as the opinions' list shows it: 「カテゴリ「…」」, or its kind for the vision. */
export const targetText = (t: Target) => (t.name ? `${t.kind_label}「${t.name}」` : t.kind_label)

export const ROUNDS = [1, 2, 3] as const
export const OPINION_KINDS = ['proposal', 'evaluation', 'new_field', 'other'] as const
export const STATUSES: OpinionStatus[] = ['open', 'considering', 'answered', 'reflected', 'next_year', 'not_reflected']

/** The `round` query parameter (1–3), or none for every round. */
export const roundParam = (r: string) => (['1', '2', '3'].includes(r) ? { round: r as '1' | '2' | '3' } : {})

/**
 * The status buttons an opinion's page offers: its `next_statuses` as the server sends
 * them — already the moves this user may make (the secretariat every one the state machine
 * allows, the assigned town's editor 検討中 and 回答済, anyone else none; absent when signed
 * out). The page does not decide who may do what; the server checks every move again.
 */
export function allowedMoves(opinion: Pick<Opinion, 'next_statuses'> | null | undefined): OpinionStatus[] {
  return opinion?.next_statuses ?? []
}

export type Milestone = Schema<'Milestone'>
export const MILESTONE_KINDS = ['subcommittee', 'council', 'opinion_round', 'inquiry_deadline', 'evaluation', 'revision', 'publication'] as const

/**
 * The twelve months of fiscal year `fy` (April–March) with the milestones planned in each,
 * in date order: the timeline's month grid.
 */
export function monthsOf<M extends { planned_on: string }>(fy: number, items: M[]) {
  const months = Array.from({ length: 12 }, (_, i) => {
    const month = ((i + 3) % 12) + 1
    const year = month >= 4 ? fy : fy + 1
    return { key: `${year}-${String(month).padStart(2, '0')}`, month, items: [] as M[] }
  })
  for (const m of [...items].sort((a, b) => a.planned_on.localeCompare(b.planned_on))) {
    months.find((x) => x.key === m.planned_on.slice(0, 7))?.items.push(m)
  }
  return months
}
