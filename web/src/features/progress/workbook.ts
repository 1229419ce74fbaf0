// Reading a town's workbook back from the task page (issue 14): what a file is sent as,
// and the server's preview (POST …/workbooks/{code}?dry_run=1) and errors as rows to show.
import type { FieldError } from '../common/api/client'

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/**
 * The Content-Type a chosen file goes with: CSV by its name or type (the server reads
 * UTF-8 and Shift_JIS itself), otherwise the workbook's; null for anything else.
 */
export function uploadType(file: { name: string; type: string }): string | null {
  const name = file.name.toLowerCase()
  if (name.endsWith('.csv') || file.type === 'text/csv') return 'text/csv'
  if (name.endsWith('.xlsx') || file.type === XLSX_TYPE) return XLSX_TYPE
  return null
}

/** One error of an import as sheet, cell and message (「様式!D7: …」 → 様式 / D7 / …). */
export interface CellProblem {
  sheet: string
  cell: string
  message: string
}

export function cellProblems(errors: FieldError[]): CellProblem[] {
  return errors.map((e) => {
    const bang = e.pointer.indexOf('!')
    const sheet = bang >= 0 ? e.pointer.slice(0, bang) : ''
    const cell = bang >= 0 ? e.pointer.slice(bang + 1) : ''
    const prefix = `${e.pointer}: `
    const message = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message
    return { sheet, cell, message }
  })
}

export interface WorkbookChange {
  sheet: string
  row: number
  type: 'action' | 'kpi'
  id: number
  name: string
  before?: Record<string, unknown> | null
  after: Record<string, unknown>
}

/** The keys of a change's values in the order shown (the 様式 sheet's columns). */
const ORDER = ['status', 'result', 'sessions', 'participants', 'cost_yen', 'value']

/**
 * The values that change in one row: key, before ('' when none) and after, only the keys
 * whose value differs. `show` turns a stored value into text (status codes into labels).
 */
export function changedValues(
  change: WorkbookChange,
  show: (key: string, value: unknown) => string,
): { key: string; before: string; after: string }[] {
  const keys = ORDER.filter((k) => k in change.after)
  return keys
    .map((key) => ({
      key,
      before: change.before && change.before[key] != null ? show(key, change.before[key]) : '',
      after: change.after[key] != null ? show(key, change.after[key]) : '',
    }))
    .filter((v) => v.before !== v.after)
}
