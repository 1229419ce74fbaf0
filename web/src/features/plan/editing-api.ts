// Requests of the generic editing forms. The seven editing resources share one shape (a list
// with POST, a record by id or code with GET, PATCH, DELETE); their paths come from the
// generated table, so they are typed as the union of those paths. The forms' bodies are
// built from the same schemas (resources.ts) and checked again by the server (422 at the field).
import { api, ifMatch, ok } from '../common/api/client'
import type { EditingCreatePath, EditingDeletePath, EditingItemPath, EditingListPath } from '../../generated/editing'
import type { ApiRecord, ResourceSpec } from './resources'

const listPath = (r: ResourceSpec) => r.list as EditingListPath
const itemPath = (r: ResourceSpec) => r.item as EditingItemPath
// The forms offer create and delete only where the table says the API has them.
/** Path parameters for a record: the template takes `{id}` or `{code}`, whichever it has. */
const itemParams = (slug: string, key: string) => ({ path: { slug, id: key, code: key } })
type Body = Record<string, unknown>

export async function listRecords(r: ResourceSpec, slug: string): Promise<ApiRecord[]> {
  const { data } = await ok(api.GET(listPath(r), { params: { path: { slug } } }))
  return data.items
}
export const getRecord = (r: ResourceSpec, slug: string, key: string) =>
  ok<ApiRecord>(api.GET(itemPath(r), { params: itemParams(slug, key) }))

export const createRecord = (r: ResourceSpec, slug: string, body: Body) =>
  ok<ApiRecord>(api.POST(r.list as EditingCreatePath, { params: { path: { slug } }, body: body as never }))

export const updateRecord = (r: ResourceSpec, slug: string, key: string, body: Body, etag: string | null) =>
  ok<ApiRecord>(
    api.PATCH(itemPath(r), { params: { ...itemParams(slug, key), header: ifMatch(etag) }, body: body as never }),
  )

export const deleteRecord = (r: ResourceSpec, slug: string, key: string, etag: string | null) =>
  ok(api.DELETE(r.item as EditingDeletePath, { params: { ...itemParams(slug, key), header: ifMatch(etag) } }))
