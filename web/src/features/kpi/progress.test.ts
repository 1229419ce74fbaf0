import { describe, expect, it } from 'vitest'
import type { Schema } from '../common/api/client'
import { outlookKey, projectionLine, rateOf } from './progress'

const fy = (year: number) => ({ year, label: '', short: '', display: '' })
const projection = (over: Partial<Schema<'KpiProjection'>> = {}): Schema<'KpiProjection'> => ({
  method: 'least-squares', min_points: 3, caution_percent: 80,
  outlook: { code: 'on-track', label: '順調' }, points: 3, to_fiscal_year: fy(2029),
  value: '150', target: '150', latest: { fiscal_year: 2027, value: '130' }, start: { fiscal_year: 2027, value: '130' },
  ...over,
})

describe('projectionLine', () => {
  it('puts the trend at the latest actual year and the projection at the last plan year', () => {
    expect(projectionLine([2025, 2026, 2027, 2028, 2029], projection())).toEqual([null, null, 130, null, 150])
  })
  it('draws nothing without a projected value or outside the axis', () => {
    expect(projectionLine([2025, 2026], projection({ value: null }))).toEqual([null, null])
    expect(projectionLine([2025, 2026, 2027], projection())).toEqual([null, null, null])
  })
})

describe('rateOf and outlookKey', () => {
  it('finds a rate by its method', () => {
    const a = { rates: [{ method: 'progress', label: '', rate: '70.0', basis: 'progress', grading: true },
      { method: 'ratio', label: '', rate: '83.3', basis: 'ratio', grading: false }] } as unknown as Schema<'KpiAchievement'>
    expect(rateOf(a, 'ratio')?.rate).toBe('83.3')
    expect(rateOf(null, 'ratio')).toBeNull()
  })
  it('maps every outlook code to a message key', () => {
    expect(outlookKey('on-track')).toBe('kpi.outlook.onTrack')
    expect(outlookKey('difficult')).toBe('kpi.outlook.difficult')
    expect(outlookKey('unknown')).toBe('kpi.outlook.noTarget')
  })
})
