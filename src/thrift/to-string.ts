import type {CollectorPayload} from './collector-payload.js'

/**
 * The payload as Java's generated `CollectorPayload.toString()` prints it, which is what Snowplow
 * puts (truncated) into a size_violation bad row: IDL declaration order, required fields always
 * (`null` when absent), optional fields only when set.
 */
export function collectorPayloadToJavaString(p: CollectorPayload): string {
  const parts = [
    `schema:${javaString(p.schema)}`,
    `ipAddress:${javaString(p.ipAddress)}`,
    `timestamp:${p.timestamp}`,
    `encoding:${javaString(p.encoding)}`,
    `collector:${javaString(p.collector)}`,
  ]
  const optional = [
    ['userAgent', p.userAgent],
    ['refererUri', p.refererUri],
    ['path', p.path],
    ['querystring', p.querystring],
    ['body', p.body],
  ] as const
  for (const [name, value] of optional) if (value !== undefined) parts.push(`${name}:${value}`)
  if (p.headers !== undefined) parts.push(`headers:[${p.headers.join(', ')}]`)
  if (p.contentType !== undefined) parts.push(`contentType:${p.contentType}`)
  if (p.hostname !== undefined) parts.push(`hostname:${p.hostname}`)
  if (p.networkUserId !== undefined) parts.push(`networkUserId:${p.networkUserId}`)
  return `CollectorPayload(${parts.join(', ')})`
}

function javaString(value: string | undefined): string {
  return value === undefined || value === null ? 'null' : value
}
