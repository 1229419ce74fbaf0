// What the editing API allows, per resource, for the generic editing forms. The server
// checks everything again (types, references, whole-region rules); these only shape forms.

export type FieldType = 'text' | 'textarea' | 'enum' | 'bool' | 'ref' | 'date' | 'code' | 'intlist' | 'number'

export interface FieldSpec {
  key: string
  label: string
  labelEn: string
  type: FieldType
  options?: { value: string; label: string }[]
  refResource?: string // for 'ref': the resource whose ids it takes
  required?: boolean // on create
  create?: boolean // only on create (not updatable)
  optional?: boolean // may be empty / null
}

export interface ResourceSpec {
  name: string
  label: string
  labelEn: string
  key: 'id' | 'code'
  title: (item: any) => string
  canCreate: boolean
  canDelete: boolean
  fields: FieldSpec[]
  createExtra?: FieldSpec[]
}

const text = (key: string, label: string, labelEn: string, more: Partial<FieldSpec> = {}): FieldSpec => ({
  key, label, labelEn, type: 'text', ...more,
})

export const RESOURCES: ResourceSpec[] = [
  {
    name: 'municipalities', label: '構成市町', labelEn: 'Municipalities', key: 'code', title: (m) => `${m.name}（${m.code}）`,
    canCreate: true, canDelete: true,
    fields: [
      text('code', '団体コード（5桁）', 'Code (5 digits)', { type: 'code', required: true, create: true }),
      text('name', '名称', 'Name', { required: true }),
      { key: 'kind', label: '種別', labelEn: 'Kind', type: 'enum', required: true,
        options: [{ value: 'city', label: '市' }, { value: 'town', label: '町' }, { value: 'village', label: '村' }] },
      { key: 'role', label: '役割', labelEn: 'Role', type: 'enum', required: true,
        options: [{ value: 'central', label: '中心市' }, { value: 'member', label: '構成市町' }] },
    ],
  },
  {
    name: 'agreements', label: '協定', labelEn: 'Agreements', key: 'id', title: (a) => a.title, canCreate: true, canDelete: true,
    fields: [
      { key: 'kind', label: '種別', labelEn: 'Kind', type: 'enum', required: true,
        options: [{ value: 'formation', label: '形成協定' }, { value: 'other', label: 'その他' }] },
      text('title', '名称', 'Title', { required: true }),
      text('municipality', '相手の市町（団体コード）', 'Partner (code)', { type: 'code', optional: true }),
      text('signed_on', '締結日', 'Signed on', { type: 'date', optional: true }),
      text('resolved_on', '議決日', 'Resolved on', { type: 'date', optional: true }),
      text('note', '備考', 'Note', { type: 'textarea', optional: true }),
    ],
  },
  {
    name: 'policy-areas', label: '政策分野', labelEn: 'Policy areas', key: 'id', title: (p) => p.name, canCreate: false, canDelete: false,
    fields: [text('name', '名称', 'Name', { required: true })],
  },
  {
    name: 'fields', label: '分野', labelEn: 'Fields', key: 'id', title: (f) => f.name, canCreate: true, canDelete: true,
    fields: [
      { key: 'policy_area_id', label: '政策分野', labelEn: 'Policy area', type: 'ref', refResource: 'policy-areas', required: true },
      text('name', '名称', 'Name', { required: true }),
    ],
  },
  {
    name: 'categories', label: 'カテゴリ', labelEn: 'Categories', key: 'id', title: (c) => c.name, canCreate: true, canDelete: true,
    fields: [
      { key: 'field_id', label: '分野', labelEn: 'Field', type: 'ref', refResource: 'fields', required: true },
      text('name', '名称', 'Name', { required: true }),
      text('note', '備考', 'Note', { type: 'textarea', optional: true }),
    ],
    createExtra: [
      { key: 'stage', label: '段階', labelEn: 'Stage', type: 'enum', optional: true,
        options: [{ value: 'candidate', label: '候補' }, { value: 'discussing', label: '協議中' }, { value: 'active', label: '実施' }] },
      text('from_fiscal_year', 'その段階の開始年度（西暦）', 'From fiscal year', { type: 'number', optional: true }),
    ],
  },
  {
    name: 'initiatives', label: '主な取組み', labelEn: 'Main initiatives', key: 'id', title: (i) => i.text, canCreate: true, canDelete: true,
    fields: [text('text', '内容', 'Text', { type: 'textarea', required: true })],
    createExtra: [
      { key: 'category_id', label: 'カテゴリ', labelEn: 'Category', type: 'ref', refResource: 'categories', required: true },
      text('fiscal_year', '年度（西暦）', 'Fiscal year', { type: 'number', required: true }),
    ],
  },
  {
    name: 'actions', label: '具体的取組', labelEn: 'Actions', key: 'id', title: (a) => a.text, canCreate: true, canDelete: true,
    fields: [
      { key: 'initiative_id', label: '主な取組み', labelEn: 'Main initiative', type: 'ref', refResource: 'initiatives', optional: true },
      text('text', '内容', 'Text', { type: 'textarea', required: true }),
      { key: 'all_participate', label: '全市町で実施', labelEn: 'All towns take part', type: 'bool' },
      text('lead', '主担当（団体コード）', 'Lead (code)', { type: 'code', optional: true }),
      text('funding', '財源', 'Funding', { optional: true }),
      text('viewpoints', '検討の視点（1〜6、カンマ区切り）', 'Viewpoints (1-6, comma-separated)', { type: 'intlist', optional: true }),
    ],
    createExtra: [
      { key: 'category_id', label: 'カテゴリ', labelEn: 'Category', type: 'ref', refResource: 'categories', required: true },
      text('fiscal_year', '年度（西暦）', 'Fiscal year', { type: 'number', required: true }),
    ],
  },
]

/** Form values (strings, booleans) → the JSON the API takes; only the given fields. */
export function toBody(fields: FieldSpec[], values: Record<string, any>, onlyChanged?: Record<string, any>) {
  const body: Record<string, unknown> = {}
  for (const f of fields) {
    const v = values[f.key]
    if (onlyChanged && JSON.stringify(onlyChanged[f.key]) === JSON.stringify(v)) continue
    if (f.type === 'bool') body[f.key] = !!v
    else if (f.type === 'ref' || f.type === 'number') body[f.key] = v === '' || v === null || v === undefined ? null : Number(v)
    else if (f.type === 'intlist')
      body[f.key] = String(v ?? '').split(/[,、\s]+/).filter(Boolean).map(Number)
    else if ((f.optional && (v === '' || v === undefined)) || v === null) body[f.key] = null
    else body[f.key] = v ?? ''
    if (body[f.key] === null && f.required) body[f.key] = ''
  }
  return body
}

/** A record from the API → form values. */
export function toValues(fields: FieldSpec[], item: any): Record<string, any> {
  const out: Record<string, any> = {}
  for (const f of fields) {
    const v = item?.[f.key]
    if (f.type === 'bool') out[f.key] = !!v
    else if (f.type === 'intlist') out[f.key] = Array.isArray(v) ? v.join(',') : ''
    else out[f.key] = v === null || v === undefined ? '' : String(v)
  }
  return out
}
