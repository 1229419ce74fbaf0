// The shape of src/generated/editing.ts (made from docs/api/openapi.yaml by scripts/gen-api.mjs).
export interface SchemaField {
  type: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object'
  nullable: boolean
  required: boolean
  format?: string
  enum?: string[]
  items?: string
}
export interface EditingResource {
  list: string // the list path (GET, POST)
  item: string // the record path (GET, PATCH, DELETE)
  key: 'id' | 'code'
  canCreate: boolean
  canDelete: boolean
  update: Record<string, SchemaField> | null
  create: Record<string, SchemaField> | null
}
export type EditingResources = Record<string, EditingResource>
