// Helpers of the 進捗表 and the KPI chart over the server's read model (no rule of their own:
// the rates, marks and projected values come from the server, docs/kpi-achievement.md).
import type { Schema } from '../common/api/client'

export type RateMethod = Schema<'KpiRateMethod'>

/** The rate of `method` in an achievement, or null. */
export function rateOf(a: Schema<'KpiAchievement'> | undefined | null, method: RateMethod) {
  return a?.rates.find((r) => r.method === method) ?? null
}

const OUTLOOK_KEYS: Record<string, string> = {
  'on-track': 'kpi.outlook.onTrack',
  caution: 'kpi.outlook.caution',
  difficult: 'kpi.outlook.difficult',
  'not-enough-data': 'kpi.outlook.notEnoughData',
  'no-target': 'kpi.outlook.noTarget',
}

/** The message key of an outlook code (the label in the page's language). */
export function outlookKey(code: string): string {
  return OUTLOOK_KEYS[code] ?? 'kpi.outlook.noTarget'
}

/**
 * The dashed projection line on the chart's year axis: null everywhere except the trend's
 * value at the latest actual's year and the projected value at the plan's last year.
 */
export function projectionLine(years: number[], p: Schema<'KpiProjection'> | undefined | null): (number | null)[] {
  const out: (number | null)[] = years.map(() => null)
  if (!p || p.value === null || !p.start) return out
  const from = years.indexOf(p.start.fiscal_year)
  const to = years.indexOf(p.to_fiscal_year.year)
  if (from < 0 || to < 0) return out
  out[from] = Number(p.start.value)
  out[to] = Number(p.value)
  return out
}
