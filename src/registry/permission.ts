/**
 * Iglu Server's permission model (`model/Permission.scala`): a vendor scope matched by dot-segments,
 * a schema right and key rights. Keys come from the super key (config) or from keygen.
 */
export type SchemaAction = 'READ' | 'BUMP' | 'CREATE' | 'CREATE_VENDOR'
export type KeyAction = 'CREATE' | 'DELETE'

export interface VendorScope {
  parts: string[]
  /** applies to sub-vendors too (`com.acme` covers `com.acme.web`); keygen scopes always do */
  wildcard: boolean
}

export interface Permission {
  vendor: VendorScope
  schema: SchemaAction | null
  key: KeyAction[]
}

const WILDCARD: VendorScope = {parts: [], wildcard: true}

/** Anonymous: no key, or a key the registry does not know. */
export const NOOP: Permission = {vendor: {parts: [], wildcard: false}, schema: null, key: []}
export const SUPER: Permission = {vendor: WILDCARD, schema: 'CREATE_VENDOR', key: ['CREATE', 'DELETE']}

/** `*` or blank = every vendor; otherwise the dot-separated prefix. */
export function parseVendorScope(prefix: string): VendorScope {
  if (prefix === '*' || prefix.trim() === '') return WILDCARD
  return {parts: prefix.split('.'), wildcard: true}
}

export function vendorScopeToString(scope: VendorScope): string {
  return scope.parts.join('.')
}

/** `com.acme` matches `com.acme` and `com.acme.web`, never `com.acmecorp`. */
export function vendorMatches(scope: VendorScope, vendor: string): boolean {
  if (scope.wildcard && scope.parts.length === 0) return true
  const requested = vendor.split('.')
  const sameStart = scope.parts.every((p, i) => requested[i] === p)
  if (sameStart && requested.length === scope.parts.length) return true
  return sameStart && scope.wildcard && requested.length >= scope.parts.length
}

export function canRead(p: Permission, vendor: string): boolean {
  return (p.schema !== null || p.key.length > 0) && vendorMatches(p.vendor, vendor)
}

export function canCreateSchema(p: Permission, vendor: string): boolean {
  return ((p.schema !== null && p.schema !== 'READ') || p.key.length > 0) && vendorMatches(p.vendor, vendor)
}

export function canCreatePermission(p: Permission, vendor: string): boolean {
  return p.key.includes('CREATE') && vendorMatches(p.vendor, vendor)
}

/** `authInfo` of `/api/meta/server`. */
export function authInfo(p: Permission): {vendor: string; schema: SchemaAction | null; key: KeyAction[]} {
  return {vendor: vendorScopeToString(p.vendor), schema: p.schema, key: [...p.key]}
}
