import { describe, expect, it } from 'vitest'
import { fieldChanges, folded, valueText } from './changes'
import messages from './messages.json'

const towns: Record<string, string> = { '01423': '南幌町' }
const w = {
  yes: 'はい', no: 'いいえ', none: '—', year: (fy: number) => `R${fy - 2018}`,
  role: (r: string) => (r === 'municipality_editor' ? '市町担当' : r), town: (c: string) => towns[c] ?? c,
}

describe('the audit trail in words', () => {
  it('lists only the fields that changed, without bookkeeping', () => {
    const before = { id: 5, version: 3, value: '31.1', note: '', status: { code: 'ongoing', label: '実施中' } }
    const after = { id: 5, version: 4, value: '32', note: '速報値', status: { code: 'done', label: '完了' } }
    expect(fieldChanges(before, after, w)).toEqual([
      { field: 'value', before: '31.1', after: '32' },
      { field: 'note', before: '—', after: '速報値' },
      { field: 'status', before: '実施中', after: '完了' },
    ])
  })

  it('shows a creation and a deletion field by field', () => {
    expect(fieldChanges(null, { name: '防災', disabled: false }, w)).toEqual([
      { field: 'name', before: '—', after: '防災' },
      { field: 'disabled', before: '—', after: 'いいえ' },
    ])
    expect(fieldChanges({ name: '防災' }, null, w)).toEqual([{ field: 'name', before: '防災', after: '—' }])
  })

  it('a KPI actual: ids left out, the year and the town in words', () => {
    const after = { kpi_id: 5, fiscal_year: 2026, municipality: '01423', value: '42.5', note: '', entered_by: 'sec', version: 1 }
    expect(fieldChanges(null, after, w)).toEqual([
      { field: 'fiscal_year', before: '—', after: 'R8' },
      { field: 'municipality', before: '—', after: '南幌町' },
      { field: 'value', before: '—', after: '42.5' },
    ])
  })

  it('reads points, lists and nested objects as text', () => {
    expect(valueText({ fiscal_year: 2029, value: '150' }, w)).toBe('150（R11）')
    // Grants by role and town name, never codes.
    expect(valueText([{ region: 'minami-sorachi', role: 'municipality_editor', municipality: '01423', fields: [] }], w)).toBe('市町担当（南幌町）')
    expect(valueText({ a: 1, b: 'x' }, w)).toBe('a: 1、b: x')
    expect(valueText(true, w)).toBe('はい')
    expect(valueText([], w)).toBe('—')
  })

  it('a value that is no object is one change of the whole record', () => {
    expect(fieldChanges('a', 'b', w)).toEqual([{ field: '', before: 'a', after: 'b' }])
    expect(fieldChanges(null, null, w)).toEqual([])
  })
})

describe('entries of loads and samples', () => {
  it('labels the keys of a summary and shows its years in words', () => {
    const label = (k: string) => ({ name: '名称', plan_from: '計画の開始年度', fields: '分野', actions: '具体的取組' } as Record<string, string>)[k] ?? k
    expect(valueText({ name: '南空知', plan_from: 2025, fields: 17, actions: 19, round_id: 1 }, { ...w, field: label }))
      .toBe('名称: 南空知、計画の開始年度: R7、分野: 17、具体的取組: 19')
  })
  it('folds a whole data set and long texts, not short ones', () => {
    expect(folded('dataset', 'format: kyosei-dataset/1')).toEqual({ kind: 'dataset' })
    expect(folded('note', '短い')).toBeNull()
    // Nothing before (a creation) stays 「—」, not a folded data set.
    expect(folded('dataset', '—')).toBeNull()
    const long = 'あ'.repeat(130)
    expect(folded('note', long)).toEqual({ kind: 'long', start: 'あ'.repeat(60), length: 130 })
  })
  it('every field of the load, sample and council entries has a label in both languages', () => {
    const keys = ['sample_label', 'members', 'meetings', 'opinions', 'progress_records', 'evaluations', 'summary', 'dataset',
      'milestones', 'categories', 'plan_from', 'plan_to', 'municipalities', 'agreements', 'policy_areas', 'fields',
      'category_years', 'initiatives', 'actions', 'kpis', 'sample']
    for (const lang of ['ja', 'en'] as const) {
      const labels = messages[lang].audit.fields as Record<string, string>
      expect(keys.filter((k) => !labels[k]), lang).toEqual([])
    }
  })
})
