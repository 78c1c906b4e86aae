import {parsePairs} from '../adapters/querystring.js'
import {decodeBase64Lenient} from '../adapters/base64.js'
import {ConversionError, toCleanString, toTimestamp} from './converters.js'
import type {EnrichmentFailureMessage} from './failures.js'

/** What the page URL's `_sp` carries, field by field (enrich `CrossNavigationEnrichment.CrossDomainMap`). */
export interface CrossDomainFields {
  domain_user_id: string | null
  /** ms since epoch */
  timestamp: number | null
  session_id: string | null
  user_id: string | null
  source_id: string | null
  source_platform: string | null
  reason: string | null
}

export type CrossDomain = {ok: true; fields: CrossDomainFields | null} | {ok: false; failure: EnrichmentFailureMessage}

const PARTS = 7

/**
 * The `_sp={duid}.{tstamp}[.{sid}.{uid}.{sourceId}.{platform}.{reason}]` parameter of the page
 * URL's querystring, parsed as Enrich always does, with or without the cross_navigation enrichment
 * (which only adds its context). `fields` is null when there is no `_sp`, it is empty, or it has
 * more than seven parts; an unreadable timestamp is an enrichment failure on `sp_dtm`.
 */
export function parseCrossDomain(pageQuery: string | null): CrossDomain {
  if (pageQuery === null || !pageQuery.includes('_sp')) return {ok: true, fields: null}
  let sp: string | null = null
  for (const {name, value} of parsePairs(pageQuery)) if (name === '_sp') sp = value ?? ''
  if (sp === null || sp === '') return {ok: true, fields: null}
  const values = sp.split('.')
  if (values.length > PARTS) return {ok: true, fields: null}
  while (values.length < PARTS) values.push('')
  const [duid, tstamp, sessionId, userId, sourceId, platform, reason] = values as [string, string, string, string, string, string, string]
  let timestamp: number | null = null
  if (tstamp !== '') {
    const t = toTimestamp(tstamp)
    if (t instanceof ConversionError) {
      return {ok: false, failure: {enrichment: null, message: {field: 'sp_dtm', value: tstamp, expectation: t.message}}}
    }
    timestamp = t
  }
  return {
    ok: true,
    fields: {
      domain_user_id: toCleanString(duid),
      timestamp,
      session_id: nonBlank(sessionId),
      user_id: nonBlank(decodeBase64Lenient(userId)),
      source_id: nonBlank(decodeBase64Lenient(sourceId)),
      source_platform: nonBlank(platform),
      reason: nonBlank(decodeBase64Lenient(reason)),
    },
  }
}

const nonBlank = (s: string): string | null => (s.trim() === '' ? null : s)
