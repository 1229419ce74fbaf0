// Japanese era (和暦) labels for fiscal years and dates, with the Western year beside them.
// Fiscal years run April–March and are named by the year they start in.

const ERAS = [
  { name: '令和', short: 'R', start: 2019 }, // 2019-05-01
  { name: '平成', short: 'H', start: 1989 }, // 1989-01-08
  { name: '昭和', short: 'S', start: 1926 },
]

function era(year: number) {
  return ERAS.find((e) => year >= e.start) ?? ERAS[ERAS.length - 1]
}

/** 令和7年度 for 2025 (元年 for the first year of an era). */
export function fyWareki(fy: number): string {
  const e = era(fy)
  const n = fy - e.start + 1
  return `${e.name}${n === 1 ? '元' : n}年度`
}

/** 令和7年度（2025） — the form used on every page. */
export function fyLabel(fy: number, lang: string = 'ja'): string {
  if (lang === 'en') return `FY${fy} (${fyShort(fy)})`
  return `${fyWareki(fy)}（${fy}）`
}

/** R7 */
export function fyShort(fy: number): string {
  const e = era(fy)
  return `${e.short}${fy - e.start + 1}`
}

/** The fiscal year a calendar date falls in (April starts a new one). */
export function fiscalYearOf(date: Date): number {
  return date.getMonth() >= 3 ? date.getFullYear() : date.getFullYear() - 1
}

/** 2026-05-31 → 令和8年5月31日（2026-05-31）; invalid input is returned unchanged. */
export function dateLabel(iso: string, lang: string = 'ja'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso)
  if (!m) return iso
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (lang === 'en') return `${m[1]}-${m[2]}-${m[3]}`
  // Reiwa began on 1 May 2019; earlier 2019 dates are Heisei 31.
  const e = y === 2019 && mo < 5 ? ERAS[1] : era(y)
  const n = y - e.start + 1
  return `${e.name}${n === 1 ? '元' : n}年${mo}月${d}日（${m[1]}-${m[2]}-${m[3]}）`
}

/**
 * An instant (ISO 8601, UTC) as Japan time: 令和8年11月29日 13:33:24（2026-11-29 13:33 JST）;
 * in English 2026-11-29 13:33:24 JST. Unreadable input is returned unchanged.
 */
export function dateTimeLabel(iso: string, lang: string = 'ja'): string {
  const d = new Date(iso)
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(d.getTime())) return iso
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    }).formatToParts(d).map((p) => [p.type, p.value]),
  )
  const date = `${parts.year}-${parts.month}-${parts.day}`
  const time = `${parts.hour}:${parts.minute}:${parts.second}`
  if (lang === 'en') return `${date} ${time} JST`
  return `${dateLabel(date).replace(/（.*）$/, '')} ${time}（${date} ${time.slice(0, 5)} JST）`
}
