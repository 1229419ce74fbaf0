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
export const NUMBER_COLUMNS = ['sessions', 'participants', 'cost'] as const
export type NumberColumn = (typeof NUMBER_COLUMNS)[number]
/** The unit each number column may carry after the number (「3回」「45人」「120,000円」). */
export const COLUMN_UNITS: Record<NumberColumn, string> = { sessions: '回', participants: '人', cost: '円' }
/** The JSON pointer of a column in the progress body (for the server's field messages). */
export const columnPointer = (c: ProgressColumn) => `/${c === 'cost' ? 'cost_yen' : c}`
const columnLabel = (c: ProgressColumn) => i18n.global.t(`tasks.${c}`)

/**
 * A number cell as typed or pasted → its normalised text ('' for an empty cell), or null
 * when it cannot be read. Typing and pasting both go through normalizeCount.
 */
export function readCount(column: NumberColumn, raw: string): string | null {
  const value = raw.trim()
  if (value === '') return ''
  const n = normalizeCount(value, COLUMN_UNITS[column])
  return n === null ? null : String(n)
}

/** The message for a cell that cannot be read, naming its column. */
export function notCountMessage(column: ProgressColumn, value: string) {
  return i18n.global.t('tasks.cellNotCount', { column: columnLabel(column), value })
}

/**
 * Reads a row's typed number cells: normalises them in place (「１２」→「12」,
 * 「150,000円」→「150000」) and returns the cells that cannot be read, by JSON pointer,
 * each with a message naming its column. A row with problems must not be sent.
 */
export function checkRow(row: ProgressRow): Record<string, string> {
  const problems: Record<string, string> = {}
  for (const c of NUMBER_COLUMNS) {
    const v = readCount(c, row[c])
    if (v === null) problems[columnPointer(c)] = notCountMessage(c, row[c].trim())
    else row[c] = v
  }
  return problems
}

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
        const n = readCount(column, value)
        if (n === null) {
          problems.push({ row: startRow + i, column, message: i18n.global.t('tasks.notCount', { value }) })
          return
        }
        row[column] = n
      }
      row.dirty = true
      written++
    })
  })
  return { written, problems }
}

/**
 * Pasted values into a single column of decimal inputs (KPI actuals); `units[i]` is the
 * unit row i may carry (the KPI's unit).
 */
export function pasteColumn(values: string[], start: number, text: string, units: string[] = []): { values: string[]; bad: number[] } {
  const out = [...values]
  const bad: number[] = []
  parseClipboardTable(text).forEach((cells, i) => {
    if (start + i >= out.length) return
    const n = normalizeNumber(cells[0] ?? '', units[start + i])
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
