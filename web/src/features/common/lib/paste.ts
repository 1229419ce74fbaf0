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

/**
 * A number as typed in a Japanese spreadsheet → the exact decimal text the API takes:
 * full-width digits and signs become ASCII, thousands separators and spaces go, units
 * after the number (人, 件, 円, %) are dropped. Returns null when it is not a number.
 * "１，２３４．５０人" → "1234.50" (trailing zeros are kept: the value is what was typed).
 */
export function normalizeNumber(raw: string): string | null {
  let s = raw.replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
  s = s.replace(/[\s\u3000]/g, '').replace(/,/g, '')
  s = s.replace(/(人|件|円|回|%|％|か所|箇所|団体)$/u, '')
  if (s === '') return null
  if (!/^[-+]?(\d+)(\.\d+)?$/.test(s)) return null
  return s.replace(/^\+/, '')
}

/** A whole number (counts, yen) or null. */
export function normalizeCount(raw: string): number | null {
  const s = normalizeNumber(raw)
  if (s === null || s.includes('.') || s.startsWith('-')) return null
  const n = Number(s)
  return Number.isSafeInteger(n) ? n : null
}
