import { describe, expect, test } from 'vitest'
import { dateTimeLabel } from './wareki'

describe('dateTimeLabel (audit times in Japan time)', () => {
  test('UTC instant shown in JST with 和暦 and 西暦', () => {
    expect(dateTimeLabel('2026-11-29T04:33:24.762Z')).toBe('令和8年11月29日 13:33:24（2026-11-29 13:33 JST）')
  })
  test('crosses the date line into the next Japanese day', () => {
    expect(dateTimeLabel('2025-03-31T15:00:00Z')).toBe('令和7年4月1日 00:00:00（2025-04-01 00:00 JST）')
  })
  test('Heisei before 1 May 2019, Reiwa from it', () => {
    expect(dateTimeLabel('2019-04-30T03:00:00Z')).toBe('平成31年4月30日 12:00:00（2019-04-30 12:00 JST）')
    expect(dateTimeLabel('2019-05-01T03:00:00Z')).toBe('令和元年5月1日 12:00:00（2019-05-01 12:00 JST）')
  })
  test('English and unreadable input', () => {
    expect(dateTimeLabel('2026-11-29T04:33:24Z', 'en')).toBe('2026-11-29 13:33:24 JST')
    expect(dateTimeLabel('yesterday')).toBe('yesterday')
  })
})
