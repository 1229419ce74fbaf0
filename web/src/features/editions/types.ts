// The shapes of an edition's plan (GET …/editions/{n}: `plan`) and of the 新旧対照表, which
// the API description leaves open (type: object), and the helpers the pages share.
import type { Schema } from '../common/api/client'

export type EditionMeta = Schema<'EditionMeta'>
export type PlanDiff = Schema<'PlanDiff'>
export type DiffEntry = PlanDiff['entries'][number]
export type Span = DiffEntry['spans'][number]
export type Rollover = Schema<'Rollover'>

export interface StageChange { stage: string; stage_code: string; from_fiscal_year: number }
export interface PlanAction { text: string; all_participate: boolean; participants: string[]; participant_codes?: string[]; funding: string; inferred: string }
export interface PlanYear {
  fiscal_year: number
  direction: string
  inferred: string
  topics: string[]
  initiatives: { text: string; inferred: string; actions: PlanAction[] }[]
  actions: PlanAction[]
}
export interface PlanKpi { name: string; unit: string; baseline: { fiscal_year: number; value: string }; target: { fiscal_year: number; value: string }; sample: boolean }
export interface PlanCategory { name: string; note: string; inferred: string; stages: StageChange[]; kpis: PlanKpi[]; years: PlanYear[] }
export interface PlanField { name: string; inferred: string; categories: PlanCategory[] }
export interface PlanArea { code: string; name: string; fields: PlanField[] }
export interface PlanCounts { years: { fiscal_year: number; fields: number; categories: number }[]; goal_fields: number; fields_reached: number }
export interface Plan { policy_areas: PlanArea[]; counts: PlanCounts }
export interface Edition extends EditionMeta { plan: Plan; dataset: string }

/** The old side of a character-level comparison ('=' and '-' runs) and the new one ('=' and '+'). */
export function sides(spans: Span[]): { before: Span[]; after: Span[] } {
  return {
    before: spans.filter((s) => s.op !== '+'),
    after: spans.filter((s) => s.op !== '-'),
  }
}

/** The stage in force in fiscal year `fy`: the last one that began on or before it. */
export function stageIn(stages: StageChange[], fy: number): StageChange | undefined {
  let found: StageChange | undefined
  for (const s of stages) if (s.from_fiscal_year <= fy) found = s
  return found
}

/** 「5年間で17分野」: the share of the goal reached, 0–100. */
export function goalPercent(counts: PlanCounts): number {
  if (!counts.goal_fields) return 0
  return Math.min(100, Math.round((counts.fields_reached / counts.goal_fields) * 100))
}

/** How each category's stages read in each edition: "field › category" → [edition, stages text]. */
export function stageHistory(editions: { number: number; title: string; plan: Plan }[]): Map<string, { number: number; title: string; stages: string }[]> {
  const out = new Map<string, { number: number; title: string; stages: string }[]>()
  for (const e of editions) {
    for (const a of e.plan.policy_areas) {
      for (const f of a.fields) {
        for (const c of f.categories) {
          const key = `${f.name} › ${c.name}`
          const text = c.stages.map((s) => `${s.stage}(${s.from_fiscal_year})`).join('→')
          const list = out.get(key) ?? []
          if (!list.length || list[list.length - 1].stages !== text) list.push({ number: e.number, title: e.title, stages: text })
          out.set(key, list)
        }
      }
    }
  }
  return out
}
