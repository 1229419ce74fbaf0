// The vision of one fiscal year as a tree of fields, categories and actions for the
// drill-down pages (field, category, action), with the ids the other public answers give:
// the dashboard names each field and category with actions by id, the KPI list names
// categories by id, and (for members) the progress list names every action by id. Where no
// id is known an entry is addressed by its name, so every entry has a page.
import type { Schema } from '../common/api/client'

type VisionAction = Schema<'VisionAction'>

export interface TreeAction extends VisionAction {
  key: string
  id: number | null
  initiative: string | null
  fieldKey: string
  categoryKey: string
  progress: Schema<'ProgressItem'> | null
}
export interface TreeCategory {
  key: string
  id: number | null
  name: string
  fieldKey: string
  field: string
  stage: Schema<'VisionCategory'>['stage']
  direction: string
  initiatives: { text: string; actions: TreeAction[]; inferred?: string }[]
  actions: TreeAction[]
  topics: string[]
  /** What was inferred in this category's year (the 推定 mark), '' when nothing. */
  inferred: string
  hasContent: boolean
  progressPercent: number | null
  kpis: Schema<'Kpi'>[]
}
export interface TreeField {
  key: string
  id: number | null
  name: string
  area: string
  categories: TreeCategory[]
  progressPercent: number | null
  kpis: Schema<'Kpi'>[]
}
export interface VisionTree {
  fields: TreeField[]
  categories: TreeCategory[]
  actions: TreeAction[]
}

export interface TreeSources {
  vision: Schema<'Vision'>
  dashboard?: Schema<'Dashboard'> | null
  kpis?: Schema<'KpiList'> | null
  progress?: Schema<'ProgressList'> | null
  /**
   * The dashboard of another year with data, for the ids of fields and categories: a year
   * without actions has no progress in its own dashboard, but its fields and categories are
   * the same records (their ids do not change from year to year), so /fields/1?fy=2026 must
   * still find 医療 when it is 実施 that year.
   */
  ids?: Schema<'Dashboard'> | null
}

export function buildTree({ vision, dashboard, kpis, progress, ids }: TreeSources): VisionTree {
  const fieldIds = new Map<string, number>()
  const categoryIds = new Map<string, number>()
  for (const f of ids?.progress?.fields ?? []) {
    fieldIds.set(f.field, f.field_id)
    for (const c of f.categories ?? []) categoryIds.set(c.category, c.category_id)
  }
  const fieldRates = new Map<string, number | null>()
  const categoryRates = new Map<string, number | null>()
  for (const f of dashboard?.progress?.fields ?? []) {
    fieldIds.set(f.field, f.field_id)
    fieldRates.set(f.field, f.progress_percent ?? null)
    for (const c of f.categories ?? []) {
      categoryIds.set(c.category, c.category_id)
      categoryRates.set(c.category, c.progress_percent ?? null)
    }
  }
  for (const k of kpis?.items ?? []) if (k.category_id) categoryIds.set(k.category, k.category_id)
  const progressByKey = new Map<string, Schema<'ProgressItem'>>()
  for (const p of progress?.items ?? []) {
    fieldIds.set(p.field, p.field_id)
    categoryIds.set(p.category, p.category_id)
    progressByKey.set(`${p.category}\u0000${p.text}`, p)
  }

  const tree: VisionTree = { fields: [], categories: [], actions: [] }
  for (const area of vision.policy_areas) {
    for (const f of area.fields) {
      const fid = fieldIds.get(f.name) ?? null
      const field: TreeField = {
        key: fid !== null ? String(fid) : f.name, id: fid, name: f.name, area: area.name, categories: [],
        progressPercent: fieldRates.get(f.name) ?? null,
        kpis: (kpis?.items ?? []).filter((k) => k.field === f.name),
      }
      for (const c of f.categories) {
        const cid = categoryIds.get(c.name) ?? null
        const category: TreeCategory = {
          key: cid !== null ? String(cid) : c.name, id: cid, name: c.name, fieldKey: field.key, field: f.name,
          stage: c.stage, direction: c.direction, initiatives: [], actions: [], topics: c.topics, hasContent: c.has_content,
          inferred: c.inferred ?? '',
          progressPercent: categoryRates.get(c.name) ?? null,
          kpis: (kpis?.items ?? []).filter((k) => (cid !== null && k.category_id === cid) || k.category === c.name),
        }
        const action = (a: VisionAction, initiative: string | null): TreeAction => {
          const p = progressByKey.get(`${c.name}\u0000${a.text}`) ?? null
          const t: TreeAction = {
            ...a, key: p ? String(p.id) : a.text, id: p?.id ?? null, initiative,
            fieldKey: field.key, categoryKey: category.key, progress: p,
          }
          tree.actions.push(t)
          return t
        }
        for (const i of c.initiatives) category.initiatives.push({ text: i.text, inferred: i.inferred, actions: i.actions.map((a) => action(a, i.text)) })
        for (const a of c.actions) category.actions.push(action(a, null))
        field.categories.push(category)
        tree.categories.push(category)
      }
      tree.fields.push(field)
    }
  }
  return tree
}

/** An entry by the route's `:id`: its id, or its name when it has no known id. */
export function findByKey<T extends { key: string; id: number | null }>(items: T[], param: string, name: (x: T) => string): T | null {
  return items.find((x) => x.key === param) ?? items.find((x) => x.id !== null && String(x.id) === param) ?? items.find((x) => name(x) === param) ?? null
}

/** Every action of a category, initiatives' first. */
export const categoryActions = (c: TreeCategory) => [...c.initiatives.flatMap((i) => i.actions), ...c.actions]
