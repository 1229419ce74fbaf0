// The "my tasks" grid: rows of progress entries that a block pasted from a spreadsheet
// fills cell by cell, starting at the focused cell. Problems are in the page's language.
import { i18n } from '../common/i18n'
import { normalizeCount, normalizeNumber, parseClipboardTable } from '../common/lib/paste'

export const STATUS_CODES = ['planned', 'in_progress', 'done', 'postponed', 'cancelled'] as const
const STATUS_LABELS: Record<string, string> = {
  予定: 'planned', 実施中: 'in_progress', 実施済: 'done', 実施済み: 'done', 延期: 'postponed', 中止: 'cancelled',
}

export interface ProgressRow {
  actionId: number
  text: string
  status: string
  result: string
  sessions: string
  participants: string
  cost: string
  version: number | null
  dirty: boolean
  errors: Record<string, string>
}

export const PROGRESS_COLUMNS = ['status', 'result', 'sessions', 'participants', 'cost'] as const
export type ProgressColumn = (typeof PROGRESS_COLUMNS)[number]

/** A status as typed (code or Japanese label) → its code, or '' when unknown. */
export function statusCode(text: string): string {
  const s = text.trim()
  if ((STATUS_CODES as readonly string[]).includes(s)) return s
  return STATUS_LABELS[s] ?? ''
}

/**
 * Applies a pasted block to the rows, from (row, column). Cells beyond the grid are
 * ignored; returns the number of cells written and the problems found (row index, column,
 * message) without stopping.
 */
export function pasteIntoProgress(
  rows: ProgressRow[],
  startRow: number,
  startColumn: ProgressColumn,
  text: string,
): { written: number; problems: { row: number; column: ProgressColumn; message: string }[] } {
  const block = parseClipboardTable(text)
  const c0 = PROGRESS_COLUMNS.indexOf(startColumn)
  let written = 0
  const problems: { row: number; column: ProgressColumn; message: string }[] = []
  block.forEach((cells, i) => {
    const row = rows[startRow + i]
    if (!row) return
    cells.forEach((raw, j) => {
      const column = PROGRESS_COLUMNS[c0 + j]
      if (!column) return
      const value = raw.trim()
      if (column === 'status') {
        const code = statusCode(value)
        if (!code) {
          problems.push({ row: startRow + i, column, message: i18n.global.t('tasks.badStatus', { value }) })
          return
        }
        row.status = code
      } else if (column === 'result') {
        row.result = value
      } else {
        if (value === '') {
          row[column] = ''
        } else {
          const n = normalizeCount(value)
          if (n === null) {
            problems.push({ row: startRow + i, column, message: i18n.global.t('tasks.notCount', { value }) })
            return
          }
          row[column] = String(n)
        }
      }
      row.dirty = true
      written++
    })
  })
  return { written, problems }
}

/** Pasted values into a single column of decimal inputs (KPI actuals). */
export function pasteColumn(values: string[], start: number, text: string): { values: string[]; bad: number[] } {
  const out = [...values]
  const bad: number[] = []
  parseClipboardTable(text).forEach((cells, i) => {
    if (start + i >= out.length) return
    const n = normalizeNumber(cells[0] ?? '')
    if (n === null) bad.push(start + i)
    else out[start + i] = n
  })
  return { values: out, bad }
}

/** The JSON body for one progress row (numbers as integers, empty as null). */
export function progressBody(row: ProgressRow) {
  const n = (s: string) => (s.trim() === '' ? null : Number(s))
  return { status: row.status, result: row.result, sessions: n(row.sessions), participants: n(row.participants), cost_yen: n(row.cost) }
}
