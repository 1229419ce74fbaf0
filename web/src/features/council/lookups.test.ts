import { describe, expect, it } from 'vitest'
import { allowedMoves, monthsOf, roundParam, targetText } from './lookups'

describe('council pages', () => {
  it("offer exactly the moves the server sends for this user, in its order", () => {
    expect(allowedMoves({ next_statuses: ['considering', 'reflected', 'next_year', 'not_reflected'] })).toEqual([
      'considering', 'reflected', 'next_year', 'not_reflected',
    ])
    expect(allowedMoves({ next_statuses: ['considering'] })).toEqual(['considering'])
  })
  it('offer no move when the server sends none, leaves the field out (signed out) or nothing is loaded', () => {
    expect(allowedMoves({ next_statuses: [] })).toEqual([])
    expect(allowedMoves({})).toEqual([])
    expect(allowedMoves(null)).toEqual([])
    expect(allowedMoves(undefined)).toEqual([])
  })
  it('send a round only when one of 1–3 is chosen', () => {
    expect(roundParam('2')).toEqual({ round: '2' })
    expect(roundParam('')).toEqual({})
    expect(roundParam('4')).toEqual({})
  })
  it('name a target by its kind and name, the vision by its kind', () => {
    expect(targetText({ kind: 'category', kind_label: 'カテゴリ', id: 3, name: '救急医療体制' })).toBe('カテゴリ「救急医療体制」')
    expect(targetText({ kind: 'vision', kind_label: 'ビジョン全体', id: null, name: null })).toBe('ビジョン全体')
  })
})

describe('the schedule month grid', () => {
  it('lays a fiscal year out April to March and puts each milestone in its month, in date order', () => {
    const months = monthsOf(2025, [
      { planned_on: '2026-03-31', t: 'c' },
      { planned_on: '2025-07-31', t: 'b' },
      { planned_on: '2025-07-15', t: 'a' },
      { planned_on: '2027-01-01', t: 'outside' },
    ])
    expect(months.map((m) => m.month)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3])
    expect(months[0].key).toBe('2025-04')
    expect(months[11].key).toBe('2026-03')
    expect(months[3].items.map((x) => x.t)).toEqual(['a', 'b'])
    expect(months[11].items.map((x) => x.t)).toEqual(['c'])
    expect(months.flatMap((m) => m.items)).toHaveLength(3)
  })
})
