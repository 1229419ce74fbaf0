import { describe, expect, it } from 'vitest'
import { buildTree, categoryActions, findByKey } from './tree'

const act = (text: string) => ({ text, participants: { all: true, stated: true, municipalities: [] }, lead: null, funding: '', viewpoints: [], photos: [], agreements: [] })
const vision = {
  policy_areas: [{
    code: 'a', name: '生活機能の強化',
    fields: [
      { name: '医療', categories: [{ name: '救急医療体制', stage: { code: 'active', label: '実施' }, stages: [], direction: '広域化', topics: [], has_content: true,
        initiatives: [{ text: '休日診療の検討', actions: [act('夜間急病センターの運営')] }], actions: [act('救急講習')] }] },
      { name: '教育', categories: [{ name: '図書館', stage: { code: 'active', label: '実施' }, stages: [], direction: '', topics: [], has_content: true, initiatives: [], actions: [act('図書館運営事業')] }] },
    ],
  }],
}

describe('the drill-down tree', () => {
  it('takes ids from the dashboard, the KPI list and the progress list, and names where none is known', () => {
    const tree = buildTree({
      vision: vision as never,
      dashboard: { progress: { fields: [{ field_id: 7, field: '医療', progress_percent: 50, categories: [{ category_id: 3, category: '救急医療体制', progress_percent: 50 }] }] } } as never,
      kpis: { items: [{ id: 1, field: '医療', category: '救急医療体制', category_id: 3 }] } as never,
      progress: { items: [{ id: 42, text: '救急講習', field: '医療', field_id: 7, category: '救急医療体制', category_id: 3 }] } as never,
    })
    expect(tree.fields.map((f) => f.key)).toEqual(['7', '教育'])
    expect(tree.categories.map((c) => c.key)).toEqual(['3', '図書館'])
    expect(tree.fields[0].kpis).toHaveLength(1)
    const c = tree.categories[0]
    expect(categoryActions(c).map((a) => [a.key, a.initiative])).toEqual([['夜間急病センターの運営', '休日診療の検討'], ['42', null]])
    expect(findByKey(tree.actions, '42', (a) => a.text)?.text).toBe('救急講習')
    expect(findByKey(tree.fields, '教育', (f) => f.name)?.categories[0].name).toBe('図書館')
    expect(findByKey(tree.categories, '救急医療体制', (x) => x.name)?.id).toBe(3)
    expect(findByKey(tree.fields, '99', (f) => f.name)).toBeNull()
  })
})

describe('a year without actions', () => {
  it('keeps the ids of its fields and categories from a year with data', () => {
    // FY2026: 医療 is 実施 but no action is registered yet, so its own dashboard has no progress.
    const empty = { progress: { fields: [] } } as never
    const r7 = { progress: { fields: [{ field_id: 1, field: '医療', progress_percent: 50, categories: [{ category_id: 3, category: '救急医療体制', progress_percent: 50 }] }] } } as never
    const tree = buildTree({ vision: vision as never, dashboard: empty, ids: r7 })
    expect(findByKey(tree.fields, '1', (f) => f.name)?.name).toBe('医療')
    expect(findByKey(tree.categories, '3', (c) => c.name)?.name).toBe('救急医療体制')
    // The year's own ids win; names stay the key where no year knows an id.
    expect(tree.fields.map((f) => f.key)).toEqual(['1', '教育'])
    const own = buildTree({ vision: vision as never, dashboard: { progress: { fields: [{ field_id: 9, field: '医療', progress_percent: null, categories: [] }] } } as never, ids: r7 })
    expect(own.fields[0].key).toBe('9')
    // The progress rate of another year is not this year's.
    expect(tree.fields[0].progressPercent).toBeNull()
  })
})

describe('editing forms read typed numbers like paste', async () => {
  const { toBody, unreadableNumbers } = await import('./resources')
  const fields = [
    { key: 'from_fiscal_year', type: 'number', required: true, optional: false },
    { key: 'viewpoints', type: 'intlist', required: false, optional: true },
  ] as never
  it('full-width digits and separators become numbers; unreadable text is reported, not sent', () => {
    expect(toBody(fields, { from_fiscal_year: '２０２６', viewpoints: '１、2，3' })).toEqual({ from_fiscal_year: 2026, viewpoints: [1, 2, 3] })
    expect(unreadableNumbers(fields, { from_fiscal_year: '２０２６' })).toEqual({})
    expect(unreadableNumbers(fields, { from_fiscal_year: '来年' })).toEqual({ '/from_fiscal_year': '来年' })
  })
})
