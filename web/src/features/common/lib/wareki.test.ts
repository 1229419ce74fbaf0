import { describe, expect, it } from 'vitest'
import { dateLabel, fiscalYearOf, fyLabel, fyShort, fyWareki } from './wareki'

describe('wareki', () => {
  it('names fiscal years in 和暦 with the Western year', () => {
    expect(fyWareki(2025)).toBe('令和7年度')
    expect(fyLabel(2025)).toBe('令和7年度（2025）')
    expect(fyWareki(2019)).toBe('令和元年度')
    expect(fyWareki(2018)).toBe('平成30年度')
    expect(fyShort(2029)).toBe('R11')
    expect(fyLabel(2025, 'en')).toBe('FY2025 (R7)')
  })
  it('starts a fiscal year in April', () => {
    expect(fiscalYearOf(new Date(2026, 2, 31))).toBe(2025)
    expect(fiscalYearOf(new Date(2026, 3, 1))).toBe(2026)
  })
  it('labels dates, with Heisei until the end of April 2019', () => {
    expect(dateLabel('2026-05-31')).toBe('令和8年5月31日（2026-05-31）')
    expect(dateLabel('2019-04-30')).toBe('平成31年4月30日（2019-04-30）')
    expect(dateLabel('2019-05-01')).toBe('令和元年5月1日（2019-05-01）')
    expect(dateLabel('soon')).toBe('soon')
  })
})
