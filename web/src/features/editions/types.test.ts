import { describe, expect, it } from 'vitest'
import { goalPercent, sides, stageHistory, stageIn, type Plan } from './types'

describe('editions helpers', () => {
  it('splits a character-level comparison into the old and the new side', () => {
    const { before, after } = sides([
      { op: '=', text: '広域的な防災' },
      { op: '-', text: '対策' },
      { op: '+', text: '・減災対策' },
      { op: '=', text: 'を推進' },
    ])
    expect(before.map((s) => s.text).join('')).toBe('広域的な防災対策を推進')
    expect(after.map((s) => s.text).join('')).toBe('広域的な防災・減災対策を推進')
    expect(after.some((s) => s.op === '-')).toBe(false)
  })

  it('finds the stage in force and the share of the 17-field goal', () => {
    const stages = [
      { stage: '協議中', stage_code: 'discussing', from_fiscal_year: 2025 },
      { stage: '実施', stage_code: 'active', from_fiscal_year: 2026 },
    ]
    expect(stageIn(stages, 2024)).toBeUndefined()
    expect(stageIn(stages, 2025)?.stage).toBe('協議中')
    expect(stageIn(stages, 2029)?.stage).toBe('実施')
    expect(goalPercent({ years: [], goal_fields: 17, fields_reached: 12 })).toBe(71)
    expect(goalPercent({ years: [], goal_fields: 0, fields_reached: 3 })).toBe(0)
  })

  it('lists a category only in the editions that changed its stages', () => {
    const plan = (stages: { stage: string; from_fiscal_year: number }[]): Plan => ({
      counts: { years: [], goal_fields: 17, fields_reached: 0 },
      policy_areas: [{ code: 'living', name: '生活', fields: [{ name: '福祉', inferred: '', categories: [{ name: '障がい者福祉', note: '', inferred: '', kpis: [], years: [], stages: stages.map((s) => ({ ...s, stage_code: '' })) }] }] }],
    })
    const h = stageHistory([
      { number: 1, title: '策定', plan: plan([{ stage: '協議中', from_fiscal_year: 2025 }]) },
      { number: 2, title: '改訂', plan: plan([{ stage: '協議中', from_fiscal_year: 2025 }, { stage: '実施', from_fiscal_year: 2026 }]) },
      { number: 3, title: '再改訂', plan: plan([{ stage: '協議中', from_fiscal_year: 2025 }, { stage: '実施', from_fiscal_year: 2026 }]) },
    ])
    expect(h.get('福祉 › 障がい者福祉')).toEqual([
      { number: 1, title: '策定', stages: '協議中(2025)' },
      { number: 2, title: '改訂', stages: '協議中(2025)→実施(2026)' },
    ])
  })
})
