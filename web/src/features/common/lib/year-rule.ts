// The one year rule (issue 11): every year-bound page opens on the same fiscal year — the
// latest fiscal year up to today, within the plan period, that has data — unless the URL
// names one (?fy=). "Has data" is what the dashboard counts: actions registered that year.
import { fiscalYearOf } from './wareki'

export interface PlanPeriod {
  from: number
  to: number
}

/** The plan's years, first to last. */
export function planYears(plan: PlanPeriod): number[] {
  const out: number[] = []
  for (let y = plan.from; y <= plan.to; y++) out.push(y)
  return out
}

/** Today's fiscal year kept within the plan period. */
export function currentPlanYear(plan: PlanPeriod, today: Date = new Date()): number {
  return Math.min(Math.max(fiscalYearOf(today), plan.from), plan.to)
}

/**
 * The default year: the latest year up to today's (within the plan) that has data; when no
 * year up to today has data, the earliest later year that has; with no data at all, today's
 * year within the plan.
 */
export function defaultYear(plan: PlanPeriod, withData: Iterable<number>, today: Date = new Date()): number {
  const now = currentPlanYear(plan, today)
  const years = [...withData].filter((y) => y >= plan.from && y <= plan.to).sort((a, b) => a - b)
  const upToNow = years.filter((y) => y <= now)
  if (upToNow.length) return upToNow[upToNow.length - 1]
  return years.length ? years[0] : now
}

/** The year with data nearest to `fy` (the earlier one on a tie), or null when none has. */
export function nearestYearWithData(fy: number, withData: Iterable<number>): number | null {
  let best: number | null = null
  for (const y of withData) {
    if (y === fy) return y
    if (best === null || Math.abs(y - fy) < Math.abs(best - fy) || (Math.abs(y - fy) === Math.abs(best - fy) && y < best)) best = y
  }
  return best
}

/** `?fy=` as a year within the plan, or null. */
export function fyFromQuery(value: unknown, plan?: PlanPeriod): number | null {
  const n = Number(Array.isArray(value) ? value[0] : value)
  if (!Number.isInteger(n) || n < 1900 || n > 2999) return null
  if (plan && (n < plan.from || n > plan.to)) return null
  return n
}

/**
 * The years a 和暦 year selector offers: the plan's years, `after` more years past its end
 * (a revision may apply from a year the current plan does not reach), and `current` when it
 * lies outside them (a record of another plan period keeps its year). Ascending.
 */
export function yearChoices(plan: PlanPeriod, current?: number | null, after = 0): number[] {
  const years = new Set(planYears({ from: plan.from, to: plan.to + after }))
  if (current !== undefined && current !== null && Number.isInteger(current) && current > 0) years.add(current)
  return [...years].sort((a, b) => a - b)
}
