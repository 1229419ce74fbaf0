// Numbers with units, Japanese grouping.
export function withUnit(value: string | number | null | undefined, unit = ''): string {
  if (value === null || value === undefined || value === '') return '—'
  const text = typeof value === 'number' ? value.toLocaleString('ja-JP') : groupDecimal(value)
  return unit ? `${text}${unit}` : text
}

/** "1234567.5" → "1,234,567.5" without going through binary floating point. */
export function groupDecimal(text: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(text)
  if (!m) return text
  return m[1] + m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (m[3] ?? '')
}

export function percent(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—'
  return `${Math.round(value * 10) / 10}%`
}
