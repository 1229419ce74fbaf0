// The generic editing forms' table, derived from the editing API's schemas in
// docs/api/openapi.yaml (src/generated/editing.ts, made by scripts/gen-api.mjs): which
// resources exist, their key, whether they can be created and deleted, and each field's
// name, type, whether it is required and whether it may be null. Only presentation is
// kept here; labels are messages keyed by field name (messages.ts). The server checks
// everything again (types, references, whole-region rules).
import { EDITING } from '../../generated/editing'
import type { SchemaField } from './editing-types'
import { normalizeNumber } from '../common/lib/paste'

export type FieldType = 'text' | 'textarea' | 'enum' | 'bool' | 'ref' | 'date' | 'intlist' | 'number'
export type FormValue = string | boolean
export type FormValues = Record<string, FormValue>
/** A record as the editing API returns it (fields looked up by name). */
export type ApiRecord = Record<string, unknown>

export interface FieldSpec {
  key: string
  type: FieldType
  options?: string[] // for 'enum': the codes (labels are messages enum.<key>.<code>)
  refResource?: string // for 'ref': the resource whose ids it takes
  required?: boolean // on create
  optional?: boolean // may be empty / null
}

export interface ResourceSpec {
  name: string
  list: string
  item: string
  key: 'id' | 'code'
  title: (item: ApiRecord) => string
  canCreate: boolean
  canDelete: boolean
  /** What a PATCH changes. */
  fields: FieldSpec[]
  /** What a POST takes. */
  createFields: FieldSpec[]
}

// Fields the forms show as pickers instead of typed text (issue 11): a town by its name for
// those holding a municipality code, a 和暦 year selector for fiscal years, and the
// viewpoints ❶–➏ as checkboxes from the region's list. Their labels name no typed format.
export const TOWN_KEYS = new Set(['lead', 'municipality'])
export const YEAR_KEYS = new Set(['fiscal_year', 'from_fiscal_year'])
export const PICKER_KEYS = new Set([...TOWN_KEYS, ...YEAR_KEYS, 'viewpoints'])

// Not in the generic forms: where an imported record was inferred from (kept by the
// importer), and an action's participating towns (their own checkboxes).
const HIDDEN = new Set(['inferred', 'participants'])
// Long texts get a text area.
const MULTILINE = new Set(['text', 'note'])

/** "policy_area_id" → "policy-areas": a reference names the resource it points into. */
function referenced(key: string): string | undefined {
  const m = /^(.+)_id$/.exec(key)
  if (!m) return undefined
  const singular = m[1].replace(/_/g, '-')
  return singular.endsWith('y') ? `${singular.slice(0, -1)}ies` : `${singular}s`
}

function fieldType(key: string, f: SchemaField): FieldType {
  if (f.type === 'boolean') return 'bool'
  if (f.type === 'array') return 'intlist'
  if (f.type === 'integer' || f.type === 'number') return referenced(key) && EDITING[referenced(key)!] ? 'ref' : 'number'
  if (f.enum?.length) return 'enum'
  if (f.format === 'date') return 'date'
  return MULTILINE.has(key) ? 'textarea' : 'text'
}

function specs(schema: Record<string, SchemaField> | null, createSchema: Record<string, SchemaField> | null): FieldSpec[] {
  return Object.entries(schema ?? {})
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, f]) => {
      const type = fieldType(key, f)
      // Required when the create schema requires it (or, without one, when it cannot be null).
      const required = createSchema ? !!createSchema[key]?.required : !f.nullable
      const spec: FieldSpec = { key, type, required, optional: f.nullable || (!required && type !== 'bool') }
      if (type === 'enum') spec.options = f.enum
      if (type === 'ref') spec.refResource = referenced(key)
      return spec
    })
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v))
/** How a record is named in lists: its name, title or text (municipalities with their code). */
function title(name: string) {
  if (name === 'municipalities') return (m: ApiRecord) => `${text(m.name)}（${text(m.code)}）`
  return (r: ApiRecord) => text(r.name ?? r.title ?? r.text)
}

export const RESOURCES: ResourceSpec[] = Object.entries(EDITING).map(([name, r]) => ({
  name,
  list: r.list,
  item: r.item,
  key: r.key,
  title: title(name),
  canCreate: r.canCreate,
  canDelete: r.canDelete,
  fields: specs(r.update, r.create),
  createFields: specs(r.create, r.create),
}))

/**
 * The number fields whose typed text cannot be read as a number (the same reader as paste:
 * full-width digits, 1,234, a trailing unit), by JSON pointer. The form keeps the text and
 * sends nothing while there is one.
 */
export function unreadableNumbers(fields: FieldSpec[], values: FormValues): Record<string, string> {
  const out: Record<string, string> = {}
  for (const f of fields) {
    if (f.type !== 'number') continue
    const raw = String(values[f.key] ?? '').trim()
    if (raw !== '' && normalizeNumber(raw) === null) out[`/${f.key}`] = raw
  }
  return out
}

/** Form values (strings, booleans) → the JSON the API takes; only the given fields. */
export function toBody(fields: FieldSpec[], values: FormValues, onlyChanged?: FormValues) {
  const body: Record<string, unknown> = {}
  for (const f of fields) {
    const v = values[f.key]
    if (onlyChanged && JSON.stringify(onlyChanged[f.key]) === JSON.stringify(v)) continue
    if (f.type === 'bool') body[f.key] = !!v
    else if (f.type === 'ref') body[f.key] = v === '' || v === null || v === undefined ? null : Number(v)
    else if (f.type === 'number') {
      const text = v === null || v === undefined ? '' : String(v).trim()
      body[f.key] = text === '' ? null : Number(normalizeNumber(text) ?? NaN)
    }
    else if (f.type === 'intlist')
      body[f.key] = String(v ?? '').split(/[,、，\s]+/).filter(Boolean).map((x) => Number(normalizeNumber(x) ?? NaN))
    else if ((f.optional && (v === '' || v === undefined)) || v === null) body[f.key] = null
    else body[f.key] = v ?? ''
    if (body[f.key] === null && f.required) body[f.key] = ''
  }
  return body
}

/** A record from the API → form values. */
export function toValues(fields: FieldSpec[], item: ApiRecord | null | undefined): FormValues {
  const out: FormValues = {}
  for (const f of fields) {
    const v = item?.[f.key]
    if (f.type === 'bool') out[f.key] = !!v
    else if (f.type === 'intlist') out[f.key] = Array.isArray(v) ? v.join(',') : ''
    else out[f.key] = v === null || v === undefined ? '' : String(v)
  }
  return out
}

// A textarea of 検討項目, one per line, as the list the API takes: each line trimmed (both
// widths of space), blank lines dropped, order kept. Windows and old Mac line ends count too.
export function topicLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''))
    .filter((line) => line.length > 0)
}
