// The audit trail in human words (issue 11): which fields of a record changed, from what to
// what, as text — computed from an entry's before/after (the stored JSON of the record).
// Bookkeeping keys (ids, versions, timestamps) are left out; nested values become text.

/** Keys that are bookkeeping, not content. */
const HIDDEN = new Set(['id', 'version', 'region_id', 'created_at', 'created_by', 'changed_at', 'changed_by', 'updated_at', 'entered_at', 'entered_by', 'deleted_at', 'deleted_by', 'hash'])

export interface FieldChange {
  field: string
  before: string
  after: string
}

export interface ValueWords {
  yes: string
  no: string
  none: string
  /** A fiscal year as the page shows it (和暦 in Japanese). */
  year: (fy: number) => string
  /** A role grant's role, and a town code, in words. */
  role: (code: string) => string
  town: (code: string) => string
  /** A field's label (nested keys of a summary too); the key itself when not given. */
  field?: (key: string) => string
}

/** Longer than this, a value is shown folded (its start, with the whole behind a toggle). */
export const LONG_TEXT = 120
/** Fields whose value is a whole data set (the YAML of `kyosei load`): never shown inline. */
export const WHOLE_DATASET = new Set(['dataset'])

/**
 * How a changed value is shown: `null` when it is short enough to show as it is; otherwise
 * what stands in for it (`dataset` for a whole data set, else its start and its length).
 */
export function folded(field: string, text: string, none = '—'): { kind: 'dataset' } | { kind: 'long'; start: string; length: number } | null {
  if (text === '' || text === none) return null
  if (WHOLE_DATASET.has(field)) return { kind: 'dataset' }
  const chars = [...text]
  if (chars.length <= LONG_TEXT) return null
  return { kind: 'long', start: chars.slice(0, 60).join(''), length: chars.length }
}

/** A stored value as text: labels of coded values, 値（年度） of a point, lists joined. */
export function valueText(v: unknown, w: ValueWords): string {
  if (v === null || v === undefined || v === '') return w.none
  if (typeof v === 'boolean') return v ? w.yes : w.no
  if (typeof v === 'number' || typeof v === 'string') return String(v)
  if (Array.isArray(v)) return v.length ? v.map((x) => valueText(x, w)).join('、') : w.none
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (typeof o.label === 'string') return o.label
    if (typeof o.role === 'string') return w.role(o.role) + (typeof o.municipality === 'string' ? `（${w.town(o.municipality)}）` : '')
    if ('value' in o && typeof o.fiscal_year === 'number') return `${valueText(o.value, w)}（${w.year(o.fiscal_year)}）`
    // A reference ({ code, name }) by its name; a summary (many keys) field by field.
    if (typeof o.name === 'string' && Object.keys(o).filter((k) => !hidden(k)).length <= 3) return o.name
    const parts = Object.entries(o).filter(([k]) => !hidden(k)).map(([k, x]) => `${w.field ? w.field(k) : k}: ${fieldText(k, x, w)}`)
    return parts.length ? parts.join('、') : w.none
  }
  return String(v)
}

/** Ids of other records are bookkeeping too: the entry names its record in words. */
const hidden = (key: string) => HIDDEN.has(key) || key.endsWith('_id') || key === 'id'
/** A field's value in words: a year as the page shows years, a town code as its name. */
function fieldText(key: string, v: unknown, w: ValueWords): string {
  if (typeof v === 'number' && (key === 'fiscal_year' || key.endsWith('_fiscal_year') || key === 'plan_from' || key === 'plan_to')) return w.year(v)
  if (typeof v === 'string' && /^\d{5}$/.test(v) && (key === 'municipality' || key === 'lead' || key.endsWith('_code'))) return w.town(v)
  return valueText(v, w)
}

const asObject = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null

/**
 * The fields that differ between `before` and `after` (either may be null: a creation or a
 * deletion), in the order they appear, each as text. A value that is not an object is one
 * change of the field "" (the whole record).
 */
export function fieldChanges(before: unknown, after: unknown, w: ValueWords): FieldChange[] {
  const b = asObject(before)
  const a = asObject(after)
  if (!b && !a) {
    if (before == null && after == null) return []
    return [{ field: '', before: valueText(before, w), after: valueText(after, w) }]
  }
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].filter((k) => !hidden(k))
  const out: FieldChange[] = []
  for (const k of keys) {
    const x = b ? b[k] : undefined
    const y = a ? a[k] : undefined
    // Absent, null and "" are all "nothing".
    const same = (v: unknown) => JSON.stringify(v === '' || v === undefined ? null : v)
    if (same(x) === same(y)) continue
    out.push({ field: k, before: fieldText(k, x, w), after: fieldText(k, y, w) })
  }
  return out
}
