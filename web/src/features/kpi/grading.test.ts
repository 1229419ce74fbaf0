import { describe, expect, it } from 'vitest'
import { checkGrading, gradeColor, gradeFor, gradeOrder } from './grading'

const rows = (...r: [string, string][]) => r.map(([grade, minimum]) => ({ grade, minimum }))

describe('checkGrading', () => {
  it('reads minimums as staff type them and sends exact decimal texts', () => {
    const out = checkGrading(rows(['Ｓ', '１２０％'], ['A', '100'], ['B', '８０．５'], ['C', '50%']), 'D', 'ratio')
    expect(out.problems).toBeNull()
    expect(out.body).toEqual({
      bands: [
        { grade: 'Ｓ', minimum_percent: '120' },
        { grade: 'A', minimum_percent: '100' },
        { grade: 'B', minimum_percent: '80.5' },
        { grade: 'C', minimum_percent: '50' },
      ],
      below: 'D',
      method: 'ratio',
    })
  })

  it('names each problem at the pointer the server uses', () => {
    const out = checkGrading(rows(['A', '50'], ['B', '80'], ['A', '10'], ['', 'x'], ['E', '1001']), '—', 'progress')
    expect(out.body).toBeNull()
    expect(out.problems).toEqual({
      '/bands/1/minimum_percent': { key: 'notBelow' },
      '/bands/2/grade': { key: 'duplicate', args: { grade: 'A' } },
      '/bands/3/grade': { key: 'required' },
      '/bands/3/minimum_percent': { key: 'notNumber', args: { value: 'x' } },
      '/bands/4/minimum_percent': { key: 'range' },
      '/below': { key: 'reserved' },
    })
  })

  it('refuses no bands, too many bands, a negative minimum and long grades', () => {
    expect(checkGrading([], 'D', 'progress').problems).toEqual({ '/bands': { key: 'noBands' } })
    const many = Array.from({ length: 11 }, (_, i) => ({ grade: `G${i}`, minimum: String(100 - i) }))
    expect(checkGrading(many, 'D', 'progress').problems).toEqual({ '/bands': { key: 'tooMany', args: { n: 10 } } })
    expect(checkGrading(rows(['A', '-1']), 'D', 'progress').problems).toEqual({ '/bands/0/minimum_percent': { key: 'range' } })
    expect(checkGrading(rows(['たいへんよくできた', '90']), 'D', 'progress').problems)
      .toEqual({ '/bands/0/grade': { key: 'tooLong', args: { n: 8 } } })
    expect(checkGrading(rows(['A', '0']), 'D', 'progress').problems).toBeNull()
    expect(checkGrading(rows(['A', '1000']), 'D', 'progress').problems).toBeNull()
  })
})

describe('gradeFor and the order of grades', () => {
  const body = checkGrading(rows(['S', '90'], ['A', '60']), 'B', 'progress').body!
  it('gives the first band met, the grade below, or 「—」 without a rate', () => {
    expect(gradeFor(90, body)).toBe('S')
    expect(gradeFor(83.3, body)).toBe('A')
    expect(gradeFor(59.9, body)).toBe('B')
    expect(gradeFor(null, body)).toBe('—')
  })
  it('orders grades as the server counts them, 「—」 last, with distinct colours', () => {
    const order = gradeOrder({ S: 1, A: 2, B: 0, '—': 3 })
    expect(order).toEqual(['S', 'A', 'B', '—'])
    expect(gradeOrder(undefined)).toEqual([])
    const colours = order.map((g) => gradeColor(g, order))
    expect(new Set(colours).size).toBe(4)
    expect(gradeColor('—', order)).toBe('#4b5563')
  })
})
