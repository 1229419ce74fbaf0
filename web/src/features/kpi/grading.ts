// The KPI grading form (評価区分, ADR 0019): rows of grade and minimum percent as typed, checked
// the way the server checks them (PUT …/kpi-grading answers 422 at the same pointers), so
// the secretariat sees each problem at its cell before sending. The server stays the judge.
import { normalizeNumber } from '../common/lib/paste'

export interface BandRow {
  grade: string
  /** The minimum as typed: 「８０」「80%」「８０．５％」 are read as the paste reads them. */
  minimum: string
}

export interface GradingBody {
  bands: { grade: string; minimum_percent: string }[]
  below: string
  method: 'progress' | 'ratio'
}

export const MAX_BANDS = 10
export const MAX_GRADE_CHARS = 8
export const MAX_PERCENT = 1000

/** Problem keys (i18n keys under kpi.grading.problem) by JSON pointer. */
export type GradingProblems = Record<string, { key: string; args?: Record<string, string | number> }>

const chars = (s: string) => [...s].length

/** The body to send, or the problems by pointer (/bands/1/minimum_percent, /below, …). */
export function checkGrading(rows: BandRow[], below: string, method: 'progress' | 'ratio'):
  { body: GradingBody; problems: null } | { body: null; problems: GradingProblems } {
  const problems: GradingProblems = {}
  if (rows.length === 0) problems['/bands'] = { key: 'noBands' }
  if (rows.length > MAX_BANDS) problems['/bands'] = { key: 'tooMany', args: { n: MAX_BANDS } }
  const seen = new Set<string>()
  const checkGrade = (pointer: string, raw: string) => {
    const g = raw.trim()
    if (!g) problems[pointer] = { key: 'required' }
    else if (chars(g) > MAX_GRADE_CHARS) problems[pointer] = { key: 'tooLong', args: { n: MAX_GRADE_CHARS } }
    else if (g === '—') problems[pointer] = { key: 'reserved' }
    else if (seen.has(g)) problems[pointer] = { key: 'duplicate', args: { grade: g } }
    else seen.add(g)
  }
  const bands: GradingBody['bands'] = []
  let previous: number | null = null
  rows.forEach((row, i) => {
    checkGrade(`/bands/${i}/grade`, row.grade)
    const pointer = `/bands/${i}/minimum_percent`
    const text = normalizeNumber(row.minimum, '%')
    if (text === null) {
      problems[pointer] = { key: 'notNumber', args: { value: row.minimum } }
    } else {
      const n = Number(text)
      if (n < 0 || n > MAX_PERCENT) problems[pointer] = { key: 'range' }
      else if (previous !== null && !(n < previous)) problems[pointer] = { key: 'notBelow' }
      previous = n
    }
    bands.push({ grade: row.grade.trim(), minimum_percent: text ?? row.minimum })
  })
  checkGrade('/below', below)
  if (Object.keys(problems).length) return { body: null, problems }
  return { body: { bands, below: below.trim(), method }, problems: null }
}

/** The grade a rate (percent) earns under the rows, as the server grades (first band met). */
export function gradeFor(rate: number | null, body: GradingBody): string {
  if (rate === null) return '—'
  for (const b of body.bands) if (rate >= Number(b.minimum_percent)) return b.grade
  return body.below
}

/** The grades of a region in order (its bands, the grade below, then 「—」): the keys of a
 * GradeCounts answer, which the server writes in that order. */
export function gradeOrder(counts: Record<string, number> | undefined): string[] {
  const keys = Object.keys(counts ?? {})
  const rest = keys.filter((k) => k !== '—')
  return keys.includes('—') ? [...rest, '—'] : rest
}

// Colours for grades by rank (each ≥ 3:1 against white, WCAG 1.4.11); 「—」 is grey.
const RANK_COLORS = ['#15803d', '#1d4ed8', '#b45309', '#be123c', '#7e22ce', '#0e7490', '#a16207', '#9d174d', '#3f6212', '#1e3a8a', '#7c2d12']
export function gradeColor(grade: string, order: string[]): string {
  if (grade === '—') return '#4b5563'
  const i = order.filter((g) => g !== '—').indexOf(grade)
  return RANK_COLORS[Math.max(0, i) % RANK_COLORS.length]
}
