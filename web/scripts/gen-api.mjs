// Generates the front end's view of the API from docs/api/openapi.yaml (the one source):
//   src/generated/api.d.ts   — TypeScript types of every path and schema (openapi-typescript)
//   src/generated/editing.ts — the editing resources' fields (name, type, required, nullable,
//                               enum) for the generic editing forms, read from the schemas
// Both are build output (gitignored); `npm run gen:api` runs before build, typecheck, test.
//   node scripts/gen-api.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import openapiTS, { astToString } from 'openapi-typescript'
// The YAML reader openapi-typescript itself uses (@redocly/openapi-core, listed in
// package.json at the version openapi-typescript depends on).
import { parseYaml } from '@redocly/openapi-core'

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const specFile = path.resolve(webDir, '..', 'docs', 'api', 'openapi.yaml')
const outDir = path.join(webDir, 'src', 'generated')
mkdirSync(outDir, { recursive: true })

const header = '// Generated from docs/api/openapi.yaml by web/scripts/gen-api.mjs. Do not edit.\n'
const spec = parseYaml(readFileSync(specFile, 'utf8'))
writeFileSync(path.join(outDir, 'api.d.ts'), header + astToString(await openapiTS(spec)))

// --- the editing resources -------------------------------------------------------------
const deref = (node) => {
  let n = node
  while (n && n.$ref) n = n.$ref.replace(/^#\//, '').split('/').reduce((o, k) => o[k], spec)
  return n
}
const bodySchema = (op) => deref(deref(op?.requestBody)?.content?.['application/json']?.schema)

/** One property of a request schema → { type, items?, nullable, enum?, format? }; null when untyped (ignored). */
function field(prop) {
  const p = deref(prop)
  if (!p || p.type === undefined) return null // "id", "version": ignored by the server
  const types = Array.isArray(p.type) ? p.type : [p.type]
  const type = types.find((t) => t !== 'null')
  const out = { type, nullable: types.includes('null') }
  if (p.format) out.format = p.format
  // Only machine codes: the server also takes Japanese labels, the form offers the codes.
  if (p.enum) out.enum = p.enum.filter((v) => /^[a-z][a-z_-]*$/.test(v))
  if (type === 'array') out.items = deref(p.items)?.type
  return out
}
function fields(schema) {
  if (!schema) return null
  const out = {}
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const f = field(prop)
    if (f) out[name] = { ...f, required: (schema.required ?? []).includes(name) }
  }
  return out
}

const editing = {}
const itemPath = /^\/api\/v1\/regions\/\{slug\}\/([a-z-]+)\/\{(id|code)\}$/
for (const [p, item] of Object.entries(spec.paths)) {
  const m = itemPath.exec(p)
  if (!m || !item.patch?.tags?.includes('editing')) continue
  const list = spec.paths[`/api/v1/regions/{slug}/${m[1]}`] ?? {}
  editing[m[1]] = {
    list: `/api/v1/regions/{slug}/${m[1]}`,
    item: p,
    key: m[2],
    canCreate: !!list.post,
    canDelete: !!item.delete,
    update: fields(bodySchema(item.patch)),
    create: fields(bodySchema(list.post)),
  }
}
writeFileSync(
  path.join(outDir, 'editing.ts'),
  header +
    "import type { EditingResources } from '../features/plan/editing-types'\n\n" +
    `export const EDITING: EditingResources = ${JSON.stringify(editing, null, 2)}\n\n` +
    `export type EditingListPath = ${Object.values(editing).map((r) => JSON.stringify(r.list)).join(' | ')}\n` +
    `export type EditingItemPath = ${Object.values(editing).map((r) => JSON.stringify(r.item)).join(' | ')}\n` +
    `export type EditingCreatePath = ${Object.values(editing).filter((r) => r.canCreate).map((r) => JSON.stringify(r.list)).join(' | ')}\n` +
    `export type EditingDeletePath = ${Object.values(editing).filter((r) => r.canDelete).map((r) => JSON.stringify(r.item)).join(' | ')}\n`,
)
console.log(`gen-api: ${path.relative(webDir, outDir)}/api.d.ts, editing.ts (${Object.keys(editing).join(', ')})`)
