import {FIELDS, type FieldKind} from '../event/fields.js'
import type {PgType} from './column-types.js'

/**
 * `atomic.events` as Snowplow's Postgres loader created it: the 131 enriched fields in TSV order
 * minus the three JSON ones (their entities go to tables of their own), with the loader's types,
 * which are narrower than enrich's limits in a few places (user_fingerprint 50, se_label 1000,
 * page_url 4096 ...): a longer value is reported, not cut.
 */
const LOADER_TYPES = `
app_id VARCHAR(255), platform VARCHAR(255), etl_tstamp TIMESTAMP, collector_tstamp TIMESTAMP,
dvce_created_tstamp TIMESTAMP, event VARCHAR(128), event_id UUID, txn_id INTEGER,
name_tracker VARCHAR(128), v_tracker VARCHAR(100), v_collector VARCHAR(100), v_etl VARCHAR(100),
user_id VARCHAR(255), user_ipaddress VARCHAR(128), user_fingerprint VARCHAR(50), domain_userid VARCHAR(128),
domain_sessionidx INTEGER, network_userid VARCHAR(128), geo_country CHAR(2), geo_region CHAR(3),
geo_city VARCHAR(75), geo_zipcode VARCHAR(15), geo_latitude DOUBLE, geo_longitude DOUBLE,
geo_region_name VARCHAR(100), ip_isp VARCHAR(100), ip_organization VARCHAR(100), ip_domain VARCHAR(100),
ip_netspeed VARCHAR(100), page_url VARCHAR(4096), page_title VARCHAR(2000), page_referrer VARCHAR(4096),
page_urlscheme VARCHAR(16), page_urlhost VARCHAR(255), page_urlport INTEGER, page_urlpath VARCHAR(3000),
page_urlquery VARCHAR(6000), page_urlfragment VARCHAR(3000), refr_urlscheme VARCHAR(16), refr_urlhost VARCHAR(255),
refr_urlport INTEGER, refr_urlpath VARCHAR(6000), refr_urlquery VARCHAR(6000), refr_urlfragment VARCHAR(3000),
refr_medium VARCHAR(25), refr_source VARCHAR(50), refr_term VARCHAR(255), mkt_medium VARCHAR(255),
mkt_source VARCHAR(255), mkt_term VARCHAR(255), mkt_content VARCHAR(500), mkt_campaign VARCHAR(255),
se_category VARCHAR(1000), se_action VARCHAR(1000), se_label VARCHAR(1000), se_property VARCHAR(1000), se_value DOUBLE,
tr_orderid VARCHAR(255), tr_affiliation VARCHAR(255), tr_total DOUBLE, tr_tax DOUBLE, tr_shipping DOUBLE,
tr_city VARCHAR(255), tr_state VARCHAR(255), tr_country VARCHAR(255), ti_orderid VARCHAR(255), ti_sku VARCHAR(255),
ti_name VARCHAR(255), ti_category VARCHAR(255), ti_price DOUBLE, ti_quantity INTEGER,
pp_xoffset_min INTEGER, pp_xoffset_max INTEGER, pp_yoffset_min INTEGER, pp_yoffset_max INTEGER,
useragent VARCHAR(1000), br_name VARCHAR(50), br_family VARCHAR(50), br_version VARCHAR(50), br_type VARCHAR(50),
br_renderengine VARCHAR(50), br_lang VARCHAR(255), br_features_pdf BOOLEAN, br_features_flash BOOLEAN,
br_features_java BOOLEAN, br_features_director BOOLEAN, br_features_quicktime BOOLEAN, br_features_realplayer BOOLEAN,
br_features_windowsmedia BOOLEAN, br_features_gears BOOLEAN, br_features_silverlight BOOLEAN, br_cookies BOOLEAN,
br_colordepth VARCHAR(12), br_viewwidth INTEGER, br_viewheight INTEGER, os_name VARCHAR(50), os_family VARCHAR(50),
os_manufacturer VARCHAR(50), os_timezone VARCHAR(50), dvce_type VARCHAR(50), dvce_ismobile BOOLEAN,
dvce_screenwidth INTEGER, dvce_screenheight INTEGER, doc_charset VARCHAR(128), doc_width INTEGER, doc_height INTEGER,
tr_currency CHAR(3), tr_total_base DOUBLE, tr_tax_base DOUBLE, tr_shipping_base DOUBLE, ti_currency CHAR(3),
ti_price_base DOUBLE, base_currency CHAR(3), geo_timezone VARCHAR(64), mkt_clickid VARCHAR(128), mkt_network VARCHAR(64),
etl_tags VARCHAR(500), dvce_sent_tstamp TIMESTAMP, refr_domain_userid VARCHAR(128), refr_dvce_tstamp TIMESTAMP,
domain_sessionid VARCHAR(128), derived_tstamp TIMESTAMP, event_vendor VARCHAR(1000), event_name VARCHAR(1000),
event_format VARCHAR(128), event_version VARCHAR(128), event_fingerprint VARCHAR(128), true_tstamp TIMESTAMP`

const NOT_NULL = new Set(['collector_tstamp', 'event_id', 'v_collector', 'v_etl'])

function parseType(text: string): PgType {
  const sized = /^(CHAR|VARCHAR)\((\d+)\)$/.exec(text)
  if (sized) return {kind: sized[1] === 'CHAR' ? 'char' : 'varchar', size: Number(sized[2])}
  const kinds: Record<string, PgType> = {
    TIMESTAMP: {kind: 'timestamp'},
    UUID: {kind: 'uuid'},
    INTEGER: {kind: 'integer'},
    DOUBLE: {kind: 'double'},
    BOOLEAN: {kind: 'boolean'},
  }
  const type = kinds[text]
  if (!type) throw new Error(`unknown atomic type ${text}`)
  return type
}

export interface AtomicColumn {
  name: string
  /** position in the enriched event (TSV order) */
  index: number
  kind: FieldKind
  type: PgType
  notNull: boolean
}

const types = new Map(
  LOADER_TYPES.trim()
    .split(/,\s*/)
    .map((pair) => pair.trim().split(/\s+/))
    .map(([name, type]) => [name!, parseType(type!)] as const),
)

/** The loaded columns, in TSV order. */
export const ATOMIC_COLUMNS: readonly AtomicColumn[] = FIELDS.flatMap((field, index) => {
  const type = types.get(field.name)
  if (!type) return []
  return [{name: field.name, index, kind: field.kind, type, notNull: NOT_NULL.has(field.name)}]
})

/**
 * One column sp adds after Snowplow's: when the row arrived in Postgres, so dbt-snowplow-web can
 * run with `snowplow__enable_load_tstamp: true` (Snowplow's later loaders have it).
 */
export const LOAD_TSTAMP_COLUMN = 'load_tstamp'

/** The unique key that makes loading idempotent: one stored event is one row, however often loaded. */
export const EVENTS_UNIQUE_INDEX = 'events_event_id_collector_tstamp_key'
