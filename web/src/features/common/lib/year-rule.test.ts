import { describe, expect, it } from 'vitest'
import { defaultYear, fyFromQuery, nearestYearWithData, planYears, yearChoices } from './year-rule'

const plan = { from: 2025, to: 2029 }
const day = (iso: string) => new Date(`${iso}T12:00:00+09:00`)

describe('the one year rule', () => {
  it('opens on the latest year up to today that has data', () => {
    // 2026-12-01 is in 令和8年度 (2026), which has no data yet: 令和7年度 (2025).
    expect(defaultYear(plan, [2025], day('2026-12-01'))).toBe(2025)
    expect(defaultYear(plan, [2025, 2026], day('2026-12-01'))).toBe(2026)
    // A later year with data does not count before it starts.
    expect(defaultYear(plan, [2025, 2027], day('2026-12-01'))).toBe(2025)
    // Fiscal years start in April: 2027-03-31 is still 2026.
    expect(defaultYear(plan, [2025, 2026, 2027], day('2027-03-31'))).toBe(2026)
    expect(defaultYear(plan, [2025, 2026, 2027], day('2027-04-01'))).toBe(2027)
  })
  it('stays within the plan period', () => {
    expect(defaultYear(plan, [], day('2024-06-01'))).toBe(2025)
    expect(defaultYear(plan, [], day('2031-06-01'))).toBe(2029)
    expect(defaultYear(plan, [2028], day('2031-06-01'))).toBe(2028)
    expect(defaultYear(plan, [2024, 2030], day('2026-06-01'))).toBe(2026)
    // Before the first year with data: that year.
    expect(defaultYear(plan, [2027], day('2025-06-01'))).toBe(2027)
  })
  it('finds the nearest year with data', () => {
    expect(nearestYearWithData(2026, [2025])).toBe(2025)
    expect(nearestYearWithData(2027, [2025, 2028])).toBe(2028)
    expect(nearestYearWithData(2026, [2025, 2027])).toBe(2025)
    expect(nearestYearWithData(2026, [2026, 2025])).toBe(2026)
    expect(nearestYearWithData(2026, [])).toBeNull()
  })
  it('reads ?fy= and lists the plan years', () => {
    expect(fyFromQuery('2025')).toBe(2025)
    expect(fyFromQuery(['2026'])).toBe(2026)
    expect(fyFromQuery('x')).toBeNull()
    expect(fyFromQuery(undefined)).toBeNull()
    expect(fyFromQuery('2031', plan)).toBeNull()
    expect(planYears(plan)).toEqual([2025, 2026, 2027, 2028, 2029])
  })
})

describe('the years a 和暦 selector offers', () => {
  it('offers the plan years, a few after it, and a record’s own year outside them', () => {
    expect(yearChoices(plan)).toEqual([2025, 2026, 2027, 2028, 2029])
    expect(yearChoices(plan, 2027)).toEqual([2025, 2026, 2027, 2028, 2029])
    expect(yearChoices(plan, 2020)).toEqual([2020, 2025, 2026, 2027, 2028, 2029])
    expect(yearChoices(plan, 2031, 1)).toEqual([2025, 2026, 2027, 2028, 2029, 2030, 2031])
    expect(yearChoices(plan, null, 2)).toEqual([2025, 2026, 2027, 2028, 2029, 2030, 2031])
    expect(yearChoices(plan, Number.NaN)).toEqual([2025, 2026, 2027, 2028, 2029])
  })
})
