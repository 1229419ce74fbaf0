import { describe, expect, it } from 'vitest'
import { normalizeCount, normalizeNumber, parseClipboardTable } from './paste'
import { pasteColumn, pasteIntoProgress, progressBody, type ProgressRow } from '../../progress/sheet'

describe('clipboard tables', () => {
  it('splits tabs and CRLF rows, and keeps quoted cells whole', () => {
    expect(parseClipboardTable('a\tb\r\nc\td\r\n')).toEqual([['a', 'b'], ['c', 'd']])
    expect(parseClipboardTable('"x\ty"\t"line1\nline2"\t"say ""hi"""')).toEqual([['x\ty', 'line1\nline2', 'say "hi"']])
    expect(parseClipboardTable('single')).toEqual([['single']])
    expect(parseClipboardTable('a\t\tc')).toEqual([['a', '', 'c']])
  })
  it('reads numbers as typed in Japanese spreadsheets, exactly', () => {
    expect(normalizeNumber('１，２３４．５０人')).toBe('1234.50')
    expect(normalizeNumber(' 12,345 ')).toBe('12345')
    expect(normalizeNumber('-3.5')).toBe('-3.5')
    expect(normalizeNumber('0.1')).toBe('0.1')
    expect(normalizeNumber('abc')).toBeNull()
    expect(normalizeNumber('')).toBeNull()
    expect(normalizeCount('120,000円')).toBe(120000)
    expect(normalizeCount('2.5')).toBeNull()
    expect(normalizeCount('-1')).toBeNull()
  })
})

function rows(n: number): ProgressRow[] {
  return Array.from({ length: n }, (_, i) => ({
    actionId: i + 1, text: `取組${i + 1}`, status: '', result: '', sessions: '', participants: '', cost: '',
    version: null, dirty: false, errors: {},
  }))
}

describe('the tasks grid', () => {
  it('fills rows and columns from the focused cell', () => {
    const r = rows(3)
    const out = pasteIntoProgress(r, 1, 'status', '実施済\t講座を開催\t3\t45\t１２０，０００\r\n実施中\t準備中\t\t\t\r\n延期\tx\t1\t1\t1\r\n')
    expect(out.problems).toEqual([])
    expect(r[0].dirty).toBe(false)
    expect(r[1]).toMatchObject({ status: 'done', result: '講座を開催', sessions: '3', participants: '45', cost: '120000', dirty: true })
    expect(r[2]).toMatchObject({ status: 'in_progress', result: '準備中', sessions: '' })
    expect(out.written).toBe(10) // the third pasted row has no grid row
    expect(progressBody(r[1])).toEqual({ status: 'done', result: '講座を開催', sessions: 3, participants: 45, cost_yen: 120000 })
  })
  it('names the cells it could not take and keeps going', () => {
    const r = rows(2)
    const out = pasteIntoProgress(r, 0, 'result', 'ok\tmany\n')
    expect(r[0].result).toBe('ok')
    expect(out.problems).toEqual([{ row: 0, column: 'sessions', message: '「many」は0以上の整数ではありません' }])
    const s = pasteIntoProgress(r, 0, 'status', '終わった')
    expect(s.problems[0].column).toBe('status')
  })
  it('pastes a column of KPI values', () => {
    const out = pasteColumn(['', '', ''], 0, '12\n３４．５\nx\n99')
    expect(out.values).toEqual(['12', '34.5', ''])
    expect(out.bad).toEqual([2])
  })
})

describe('typed numbers (the same reader as paste)', () => {
  it('takes full-width digits, both thousands separators and the expected unit', () => {
    expect(normalizeCount('１２', '回')).toBe(12)
    expect(normalizeCount('150,000', '円')).toBe(150000)
    expect(normalizeCount('１５０，０００', '円')).toBe(150000)
    expect(normalizeCount('１５０，０００円', '円')).toBe(150000)
    expect(normalizeCount('45人', '人')).toBe(45)
    expect(normalizeCount('3 回', '回')).toBe(3)
    expect(normalizeNumber('31.8％', '%')).toBe('31.8')
    expect(normalizeNumber('31.8%', '％')).toBe('31.8')
    expect(normalizeNumber('1,234件', '件')).toBe('1234')
    expect(normalizeNumber('３１', '%')).toBe('31')
  })
  it('refuses another unit than the expected one, and what is not a number', () => {
    expect(normalizeCount('12人', '円')).toBeNull()
    expect(normalizeCount('abc', '回')).toBeNull()
    expect(normalizeNumber('12円', '%')).toBeNull()
    expect(normalizeNumber('1e3')).toBeNull()
  })
  it('a typed row is normalised in place; an unreadable cell is named and keeps its text', async () => {
    const { checkRow, readCount } = await import('../../progress/sheet')
    const r = rows(1)[0]
    Object.assign(r, { status: 'done', sessions: '１２', participants: '30人', cost: '150,000' })
    expect(checkRow(r)).toEqual({})
    expect(progressBody(r)).toEqual({ status: 'done', result: '', sessions: 12, participants: 30, cost_yen: 150000 })
    const bad = rows(1)[0]
    Object.assign(bad, { sessions: 'abc', cost: '１５０，０００円' })
    const problems = checkRow(bad)
    expect(Object.keys(problems)).toEqual(['/sessions'])
    expect(problems['/sessions']).toMatch(/^回数:「abc」/)
    expect(bad.sessions).toBe('abc')
    expect(readCount('cost', '')).toBe('')
  })
  it('paste and typing read the same way', () => {
    const r = rows(1)
    pasteIntoProgress(r, 0, 'sessions', '１２\t45人\t１５０，０００円')
    expect(r[0]).toMatchObject({ sessions: '12', participants: '45', cost: '150000' })
    expect(pasteColumn([''], 0, '31.8％', ['%']).values).toEqual(['31.8'])
  })
})
