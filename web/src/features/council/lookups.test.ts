import { describe, expect, it } from 'vitest'
import { allowedMoves, roundParam, targetText } from './lookups'

describe('council pages', () => {
  it('offer the secretariat every move the server allows', () => {
    expect(allowedMoves(['considering', 'reflected', 'next_year', 'not_reflected'], 'secretariat')).toEqual([
      'considering', 'reflected', 'next_year', 'not_reflected',
    ])
  })
  it("offer the assigned town's editor 検討中 and 回答済 only", () => {
    expect(allowedMoves(['considering', 'reflected', 'next_year', 'not_reflected'], 'assigned-town')).toEqual(['considering'])
    expect(allowedMoves(['considering', 'answered'], 'assigned-town')).toEqual(['considering', 'answered'])
  })
  it('offer no move to anyone else, nor when the server sends none (signed out)', () => {
    expect(allowedMoves(['considering'], 'other')).toEqual([])
    expect(allowedMoves(undefined, 'secretariat')).toEqual([])
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
