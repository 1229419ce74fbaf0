// Blocks pasted from a spreadsheet (Excel, LibreOffice): tab-separated cells, rows ended by
// CRLF or LF, cells with tabs, quotes or line breaks quoted with "…" and "" for a quote.

export function parseClipboardTable(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  let i = 0
  const src = text.replace(/\r\n?/g, '\n')
  while (i < src.length) {
    const c = src[i]
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          cell += '"'
          i += 2
          continue
        }
        quoted = false
        i++
        continue
      }
      cell += c
      i++
      continue
    }
    if (c === '"' && cell === '') {
      quoted = true
      i++
      continue
    }
    if (c === '\t') {
      row.push(cell)
      cell = ''
    } else if (c === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
    } else {
      cell += c
    }
    i++
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell)
    rows.push(row)
  }
  return rows
}

const FULL_WIDTH = /[０-９．，－＋]/g
/** Units a number may carry when no particular unit is expected (the paste of any column). */
const ANY_UNIT = /(人|件|円|回|%|％|か所|箇所|団体)$/u

function escapeRe(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
/** The pattern for one unit: % and ％ are the same unit. */
function unitPattern(unit: string): RegExp | null {
  const u = unit.trim()
  if (!u) return null
  if (u === '%' || u === '％') return /(%|％)$/u
  return new RegExp(`(${escapeRe(u)})$`, 'u')
}

/**
 * A number as typed or pasted by Japanese staff → the exact decimal text the API takes:
 * full-width digits and signs become ASCII, thousands separators (, and ，) and spaces go,
 * and a unit after the number is dropped. With `unit` (the column's or the KPI's unit: 円,
 * 人, 回, 件, %…) only that unit is taken; without it any of 人 件 円 回 % ％ か所 箇所 団体.
 * Returns null when it is not a number.
 * "１，２３４．５０人" → "1234.50" (trailing zeros are kept: the value is what was typed).
 * Pasting and typing use this one function.
 */
export function normalizeNumber(raw: string, unit?: string): string | null {
  let s = raw.replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
  s = s.replace(/[\s\u3000]/g, '').replace(/,/g, '')
  const u = unit === undefined ? ANY_UNIT : unitPattern(unit)
  if (u) s = s.replace(u, '')
  if (s === '') return null
  if (!/^[-+]?(\d+)(\.\d+)?$/.test(s)) return null
  return s.replace(/^\+/, '')
}

/** A whole number of 0 or more (counts, yen) or null; `unit` as for normalizeNumber. */
export function normalizeCount(raw: string, unit?: string): number | null {
  const s = normalizeNumber(raw, unit)
  if (s === null || s.includes('.') || s.startsWith('-')) return null
  const n = Number(s)
  return Number.isSafeInteger(n) ? n : null
}
