import { describe, expect, it } from 'vitest'
import { emptyRegionForm, regionBody } from './region-form'

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
    expect(regionBody({ ...filled(), slug: 'Kita Sorachi', central_code: '1216', plan_from: 2030, plan_to: 2026 }).problems).toEqual({
      '/slug': 'slug', '/central/code': 'code', '/plan_to': 'period',
    })
  })
})
