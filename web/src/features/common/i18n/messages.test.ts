import { describe, expect, it } from 'vitest'
import common from '../messages.json'
import access from '../../access/messages.json'
import audit from '../../audit/messages.json'
import council from '../../council/messages.json'
import notice from '../../notice/messages.json'
import dashboard from '../../dashboard/messages.json'
import kpi from '../../kpi/messages.json'
import plan from '../../plan/messages.json'
import progress from '../../progress/messages.json'
import search from '../../search/messages.json'
import { PICKER_KEYS } from '../../plan/resources'

// Every key path of a message tree ("kpi.title", …).
function paths(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? paths(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  )
}

describe('message catalogues', () => {
  const catalogues = { common, access, audit, council, dashboard, kpi, notice, plan, progress, search }
  for (const [name, texts] of Object.entries(catalogues)) {
    it(`${name}: Japanese and English have the same keys, none empty`, () => {
      expect(paths(texts.en).sort()).toEqual(paths(texts.ja).sort())
      for (const lang of [texts.ja, texts.en]) {
        for (const p of paths(lang)) {
          const value = p.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], lang)
          expect(typeof value === 'string' && value.length > 0, `${name} ${p}`).toBe(true)
        }
      }
    })
  }
})

describe('labels of the editing forms', () => {
  // The forms show towns, years and viewpoints as pickers; a label asking for a code, a
  // western year or a comma-separated list would describe a field that is no longer there.
  for (const lang of ['ja', 'en'] as const) {
    it(`${lang}: a picker's label names no typed format`, () => {
      const fields = plan[lang].fields as Record<string, string>
      for (const key of PICKER_KEYS) {
        if (!(key in fields)) continue
        expect(fields[key], key).not.toMatch(/コード|カンマ|西暦|1〜6|\bcode\b|comma|1-6/i)
      }
    })
  }
})
