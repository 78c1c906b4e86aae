/**
 * The 131 columns of Snowplow's enriched event, in TSV order (enrich `ConversionUtils
 * .tabSeparatedEnrichedEvent`). This table is the single source for field names, order, types and
 * length limits: TSV, canonical JSON, lossy JSON, bad-row payloads and SQL all derive from it.
 *
 * Kinds:
 * - `string`: text, limit = enrich's default `atomicFieldsLimits`
 * - `uuid`: event_id (text, always a UUID)
 * - `ts`: epoch ms, written `yyyy-MM-dd HH:mm:ss.SSS` in TSV and ISO in JSON
 * - `int`: integer
 * - `num`: a decimal kept as Java BigDecimal text in TSV (`28288`, `1000`), a double in JSON
 * - `float`: geo_latitude/longitude (Java Float)
 * - `bool`: 1/0 in TSV, true/false in JSON
 * - `contexts`: an array of self-describing entities (contexts, derived_contexts)
 * - `unstruct`: one self-describing event (unstruct_event)
 */
export type FieldKind = 'string' | 'uuid' | 'ts' | 'int' | 'num' | 'float' | 'bool' | 'contexts' | 'unstruct'

export interface FieldSpec {
  readonly name: string
  readonly kind: FieldKind
  /** enrich's default length limit (reference.conf atomicFieldsLimits); 0 = unlimited */
  readonly limit: number
  /** the limit in the atomic 1-0-0 schema where it differs from enrich's default */
  readonly schemaLimit?: number
  readonly required?: boolean
}

const f = (name: string, kind: FieldKind, limit = 0, extra: Partial<FieldSpec> = {}): FieldSpec => ({name, kind, limit, ...extra})

export const FIELDS: readonly FieldSpec[] = [
  f('app_id', 'string', 255),
  f('platform', 'string', 255),
  f('etl_tstamp', 'ts'),
  f('collector_tstamp', 'ts', 0, {required: true}),
  f('dvce_created_tstamp', 'ts'),
  f('event', 'string', 128),
  f('event_id', 'uuid', 36, {required: true}),
  f('txn_id', 'int'),
  f('name_tracker', 'string', 128),
  f('v_tracker', 'string', 100),
  f('v_collector', 'string', 100, {required: true}),
  f('v_etl', 'string', 100, {required: true}),
  f('user_id', 'string', 255),
  f('user_ipaddress', 'string', 128),
  f('user_fingerprint', 'string', 128),
  f('domain_userid', 'string', 128),
  f('domain_sessionidx', 'int'),
  f('network_userid', 'string', 128),
  f('geo_country', 'string', 2),
  f('geo_region', 'string', 3),
  f('geo_city', 'string', 75),
  f('geo_zipcode', 'string', 15),
  f('geo_latitude', 'float'),
  f('geo_longitude', 'float'),
  f('geo_region_name', 'string', 100),
  f('ip_isp', 'string', 100),
  f('ip_organization', 'string', 128),
  f('ip_domain', 'string', 128),
  f('ip_netspeed', 'string', 100),
  f('page_url', 'string', 10000, {schemaLimit: 4096}),
  f('page_title', 'string', 2000),
  f('page_referrer', 'string', 10000, {schemaLimit: 4096}),
  f('page_urlscheme', 'string', 16),
  f('page_urlhost', 'string', 255),
  f('page_urlport', 'int'),
  f('page_urlpath', 'string', 3000),
  f('page_urlquery', 'string', 6000),
  f('page_urlfragment', 'string', 3000),
  f('refr_urlscheme', 'string', 16),
  f('refr_urlhost', 'string', 255),
  f('refr_urlport', 'int'),
  f('refr_urlpath', 'string', 6000),
  f('refr_urlquery', 'string', 6000),
  f('refr_urlfragment', 'string', 3000),
  f('refr_medium', 'string', 25),
  f('refr_source', 'string', 50),
  f('refr_term', 'string', 255),
  f('mkt_medium', 'string', 255),
  f('mkt_source', 'string', 255),
  f('mkt_term', 'string', 255),
  f('mkt_content', 'string', 500),
  f('mkt_campaign', 'string', 255),
  f('contexts', 'contexts'),
  f('se_category', 'string', 1000),
  f('se_action', 'string', 1000),
  f('se_label', 'string', 4096),
  f('se_property', 'string', 1000),
  f('se_value', 'num'),
  f('unstruct_event', 'unstruct'),
  f('tr_orderid', 'string', 255),
  f('tr_affiliation', 'string', 255),
  f('tr_total', 'num'),
  f('tr_tax', 'num'),
  f('tr_shipping', 'num'),
  f('tr_city', 'string', 255),
  f('tr_state', 'string', 255),
  f('tr_country', 'string', 255),
  f('ti_orderid', 'string', 255),
  f('ti_sku', 'string', 255),
  f('ti_name', 'string', 255),
  f('ti_category', 'string', 255),
  f('ti_price', 'num'),
  f('ti_quantity', 'int'),
  f('pp_xoffset_min', 'int'),
  f('pp_xoffset_max', 'int'),
  f('pp_yoffset_min', 'int'),
  f('pp_yoffset_max', 'int'),
  f('useragent', 'string', 1000),
  f('br_name', 'string', 50),
  f('br_family', 'string', 50),
  f('br_version', 'string', 50),
  f('br_type', 'string', 50),
  f('br_renderengine', 'string', 50),
  f('br_lang', 'string', 255),
  f('br_features_pdf', 'bool'),
  f('br_features_flash', 'bool'),
  f('br_features_java', 'bool'),
  f('br_features_director', 'bool'),
  f('br_features_quicktime', 'bool'),
  f('br_features_realplayer', 'bool'),
  f('br_features_windowsmedia', 'bool'),
  f('br_features_gears', 'bool'),
  f('br_features_silverlight', 'bool'),
  f('br_cookies', 'bool'),
  f('br_colordepth', 'string', 12),
  f('br_viewwidth', 'int'),
  f('br_viewheight', 'int'),
  f('os_name', 'string', 50),
  f('os_family', 'string', 50),
  f('os_manufacturer', 'string', 50),
  f('os_timezone', 'string', 255),
  f('dvce_type', 'string', 50),
  f('dvce_ismobile', 'bool'),
  f('dvce_screenwidth', 'int'),
  f('dvce_screenheight', 'int'),
  f('doc_charset', 'string', 128),
  f('doc_width', 'int'),
  f('doc_height', 'int'),
  f('tr_currency', 'string', 3),
  f('tr_total_base', 'num'),
  f('tr_tax_base', 'num'),
  f('tr_shipping_base', 'num'),
  f('ti_currency', 'string', 3),
  f('ti_price_base', 'num'),
  f('base_currency', 'string', 3),
  f('geo_timezone', 'string', 64),
  f('mkt_clickid', 'string', 1000, {schemaLimit: 128}),
  f('mkt_network', 'string', 64),
  f('etl_tags', 'string', 500),
  f('dvce_sent_tstamp', 'ts'),
  f('refr_domain_userid', 'string', 128),
  f('refr_dvce_tstamp', 'ts'),
  f('derived_contexts', 'contexts'),
  f('domain_sessionid', 'string', 128),
  f('derived_tstamp', 'ts'),
  f('event_vendor', 'string', 1000),
  f('event_name', 'string', 1000),
  f('event_format', 'string', 128),
  f('event_version', 'string', 128),
  f('event_fingerprint', 'string', 128),
  f('true_tstamp', 'ts'),
]

export const FIELD_COUNT = FIELDS.length

/** Column index (0-based) by field name. */
export const FIELD_INDEX: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(FIELDS.map((spec, i) => [spec.name, i])),
)

/** Compile-time column indexes for the enrich hot path (`ev[F.app_id]`). */
export const F = {
  app_id: 0, platform: 1, etl_tstamp: 2, collector_tstamp: 3, dvce_created_tstamp: 4, event: 5, event_id: 6,
  txn_id: 7, name_tracker: 8, v_tracker: 9, v_collector: 10, v_etl: 11, user_id: 12, user_ipaddress: 13,
  user_fingerprint: 14, domain_userid: 15, domain_sessionidx: 16, network_userid: 17, geo_latitude: 22,
  geo_longitude: 23, page_url: 29, page_title: 30, page_referrer: 31, page_urlscheme: 32, page_urlhost: 33,
  page_urlport: 34, page_urlpath: 35, page_urlquery: 36, page_urlfragment: 37, refr_urlscheme: 38,
  refr_urlhost: 39, refr_urlport: 40, refr_urlpath: 41, refr_urlquery: 42, refr_urlfragment: 43,
  contexts: 52, se_value: 57, unstruct_event: 58, useragent: 77, dvce_sent_tstamp: 119, derived_contexts: 122,
  domain_sessionid: 123, derived_tstamp: 124, event_vendor: 125, event_name: 126, event_format: 127,
  event_version: 128, event_fingerprint: 129, true_tstamp: 130,
  refr_domain_userid: 120, refr_dvce_tstamp: 121,
} as const

export const ATOMIC_SCHEMA_URI = 'iglu:com.snowplowanalytics.snowplow/atomic/jsonschema/1-0-0'
