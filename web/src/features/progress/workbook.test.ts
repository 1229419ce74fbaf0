import { describe, expect, it } from 'vitest'
import { XLSX_TYPE, cellProblems, changedValues, uploadType, type WorkbookChange } from './workbook'

describe('workbook import helpers', () => {
  it('sends CSV as text/csv and workbooks as xlsx, and refuses other files', () => {
    expect(uploadType({ name: '南幌町.CSV', type: '' })).toBe('text/csv')
    expect(uploadType({ name: 'export', type: 'text/csv' })).toBe('text/csv')
    expect(uploadType({ name: 'round-3-01423.xlsx', type: '' })).toBe(XLSX_TYPE)
    expect(uploadType({ name: 'round.xls', type: 'application/vnd.ms-excel' })).toBeNull()
    expect(uploadType({ name: 'photo.png', type: 'image/png' })).toBeNull()
  })

  it('splits errors into sheet, cell and message', () => {
    expect(cellProblems([
      { pointer: '様式!G2', message: '様式!G2: 0以上の整数で入力してください' },
      { pointer: 'file', message: 'xlsx 形式のブックではありません' },
    ])).toEqual([
      { sheet: '様式', cell: 'G2', message: '0以上の整数で入力してください' },
      { sheet: '', cell: '', message: 'xlsx 形式のブックではありません' },
    ])
  })

  it('lists only the values that change, in the sheet order', () => {
    const change: WorkbookChange = {
      sheet: '様式', row: 2, type: 'action', id: 7, name: '合同訓練',
      before: { status: 'planned', result: '', sessions: null, participants: 10, cost_yen: null },
      after: { status: 'done', result: '実施', sessions: 3, participants: 10, cost_yen: null },
    }
    const show = (k: string, v: unknown) => (k === 'status' ? `「${String(v)}」` : String(v))
    expect(changedValues(change, show)).toEqual([
      { key: 'status', before: '「planned」', after: '「done」' },
      { key: 'result', before: '', after: '実施' },
      { key: 'sessions', before: '', after: '3' },
    ])
    expect(changedValues({ ...change, type: 'kpi', before: null, after: { value: '31.5' } }, show))
      .toEqual([{ key: 'value', before: '', after: '31.5' }])
  })
})
