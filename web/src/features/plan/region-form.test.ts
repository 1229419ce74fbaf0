import { describe, expect, it } from 'vitest'
import { checkDigit, emptyRegionForm, knownMunicipality, mergeKnown, regionBody } from './region-form'

describe('regionBody', () => {
  const filled = () => ({
    ...emptyRegionForm(2025),
    slug: 'kita-sorachi', name: ' 北空知定住自立圏 ', vision_title: '北空知共生ビジョン',
    central_code: '０１２１６', central_name: '深川市',
  })

  it('sends the trimmed values, the code in half-width digits, and omits empty optional fields', () => {
    const out = regionBody(filled())
    expect(out.problems).toBeNull()
    expect(out.body).toEqual({
      slug: 'kita-sorachi', name: '北空知定住自立圏', kind: 'settlement', vision_title: '北空知共生ビジョン',
      plan_from: 2026, plan_to: 2030, central: { code: '01216', name: '深川市', kind: 'city' },
    })
    const more = regionBody({ ...filled(), name_en: 'Kita-Sorachi', declared_on: '2025-04-01' })
    expect(more.body).toMatchObject({ name_en: 'Kita-Sorachi', declared_on: '2025-04-01' })
  })

  it('names each problem at the pointer the server uses', () => {
    expect(regionBody(emptyRegionForm(2025)).problems).toEqual({
      '/slug': 'required', '/name': 'required', '/vision_title': 'required', '/central/name': 'required', '/central/code': 'required',
    })
    expect(regionBody({ ...filled(), central_code: '012165' }).body?.central.code).toBe('012165')
    // A six-digit code whose last digit is not the check digit of the first five.
    expect(regionBody({ ...filled(), central_code: '012166' }).problems).toEqual({ '/central/code': 'checkDigit' })
    expect(regionBody({ ...filled(), central_code: '０１２１６５' }).problems).toBeNull()
    expect(regionBody({ ...filled(), slug: 'Kita Sorachi', central_code: '1216', plan_from: 2030, plan_to: 2026 }).problems).toEqual({
      '/slug': 'slug', '/central/code': 'code', '/plan_to': 'period',
    })
  })
})

describe('checkDigit', () => {
  it('is the 全国地方公共団体コード check digit (as core/plan/municipality computes it)', () => {
    expect(checkDigit('01210')).toBe(6) // 岩見沢市 012106
    expect(checkDigit('13101')).toBe(6) // 千代田区 131016
    expect(checkDigit('01100')).toBe(2) // 札幌市 011002
    expect(checkDigit('01216')).toBe(5) // 深川市 012165
    expect(checkDigit('0121')).toBeNull()
    expect(checkDigit('0121a')).toBeNull()
  })
})

describe('known municipalities', () => {
  const a = [{ code: '01210', name: '岩見沢市', kind: 'city' as const }, { code: '01423', name: '南幌町', kind: 'town' as const }]
  const b = [{ code: '01423', name: '南幌町', kind: 'town' as const }, { code: '01233', name: '伊達市', kind: 'city' as const }]
  const c = [{ code: '07213', name: '伊達市', kind: 'city' as const }]

  it('merges the regions\' lists, one per code, in code order', () => {
    expect(mergeKnown([b, a]).map((m) => m.code)).toEqual(['01210', '01233', '01423'])
  })

  it('finds a name only when it names one municipality', () => {
    const known = mergeKnown([a, b, c])
    expect(knownMunicipality(' 岩見沢市 ', known)).toEqual({ code: '01210', name: '岩見沢市', kind: 'city' })
    expect(knownMunicipality('伊達市', known)).toBeNull() // two cities of that name
    expect(knownMunicipality('深川市', known)).toBeNull()
  })
})
