import { describe, expect, test } from 'vitest'
import { ApiError } from './client'

const problem = {
  type: '/problems/validation-failed', title: '入力内容に誤りがあります', title_en: 'Validation failed', status: 422,
  detail: '入力内容に誤りがあります（1件）', detail_en: 'The input has 1 problem',
  errors: [{ pointer: '/text', message: '入力が必要です', message_en: 'required' }],
}

describe('ApiError from problem+json', () => {
  test('Japanese by default: detail and field messages by JSON pointer', () => {
    const e = new ApiError(422, problem, null, 'ja')
    expect(e.message).toBe('入力内容に誤りがあります（1件）')
    expect(e.byField()).toEqual({ '/text': '入力が必要です' })
  })
  test('English when the page is in English', () => {
    const e = new ApiError(422, problem, null, 'en')
    expect(e.message).toBe('The input has 1 problem')
    expect(e.byField()).toEqual({ '/text': 'required' })
  })
  test('falls back to Japanese, then the title, then the status when English is missing', () => {
    expect(new ApiError(403, { title: '権限がありません' }, null, 'en').message).toBe('権限がありません')
    expect(new ApiError(500, null, null, 'en').message).toBe('HTTP 500')
  })
  test('412 keeps the current record and its ETag for the conflict screen', () => {
    const e = new ApiError(412, { ...problem, status: 412, current: { id: 1, version: 3 } }, '"v3"', 'ja')
    expect(e.current).toEqual({ id: 1, version: 3 })
    expect(e.etag).toBe('"v3"')
  })
  test('409 draft-pending names the draft and its page; another page is not trusted', () => {
    const body = {
      type: '/problems/draft-pending', title: '改訂案があるため計画を直接変更できません', status: 409,
      detail: '改訂案「令和9年3月改訂」があるため、計画の変更は改訂案で行ってください',
      draft: { title: '令和9年3月改訂', from_fiscal_year: 2027, version: 2, href: '/api/v1/regions/minami-sorachi/editions/draft', web: '/r/minami-sorachi/draft' },
    }
    const e = new ApiError(409, body, null, 'ja')
    expect(e.type).toBe('/problems/draft-pending')
    expect(e.message).toContain('改訂案で行ってください')
    expect(e.draft).toEqual({ title: '令和9年3月改訂', web: '/r/minami-sorachi/draft' })
    expect(new ApiError(409, { ...body, draft: { title: 'x', web: 'https://example.org/' } }, null, 'ja').draft).toBeNull()
    expect(new ApiError(412, problem, null, 'ja').draft).toBeNull()
  })
})
