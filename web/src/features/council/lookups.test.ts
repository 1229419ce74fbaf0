import { describe, expect, it } from 'vitest'
import { allowedMoves, roundParam, targetText } from './lookups'

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
