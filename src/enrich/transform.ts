import {FIELD_INDEX} from '../event/fields.js'
import type {EnrichedEvent} from '../event/enriched-event.js'
import {
  ConversionError,
  toBool,
  toCleanString,
  toDecimal,
  toEventType,
  toInt,
  toIpAddress,
  toPlatform,
  toResolution,
  toTimestamp,
  toUuid,
  type Converted,
} from './converters.js'

/** An atomic field that could not be parsed: becomes an `atomic_field_parse_error` data report. */
export interface AtomicParseError {
  /** the tracker-protocol parameter, e.g. `eid` */
  field: string
  value: string
  message: string
}

type Setter = (event: EnrichedEvent, value: string) => ConversionError | undefined

function idx(name: string): number {
  const i = FIELD_INDEX[name]
  if (i === undefined) throw new Error(`transform table names unknown field ${name}`)
  return i
}

const str = (name: string): Setter => {
  const i = idx(name)
  return (ev, v) => {
    ev[i] = toCleanString(v)
    return undefined
  }
}

const typed = <T extends string | number>(name: string, convert: (v: string) => Converted<T>): Setter => {
  const i = idx(name)
  return (ev, v) => {
    const out = convert(v)
    if (out instanceof ConversionError) return out
    ev[i] = out
    return undefined
  }
}

const resolution = (width: string, height: string): Setter => {
  const w = idx(width)
  const h = idx(height)
  return (ev, v) => {
    const out = toResolution(v)
    if (out instanceof ConversionError) return out
    ev[w] = out[0]
    ev[h] = out[1]
    return undefined
  }
}

const USER_IPADDRESS = idx('user_ipaddress')
const ip: Setter = (ev, v) => {
  ev[USER_IPADDRESS] = toIpAddress(toCleanString(v) ?? '')
  return undefined
}

/**
 * Parameter → field with its converter (enrich `Transform.scala`). Built once; the hot path is one
 * Map lookup and one converter call per parameter. `co`, `cx`, `ue_pr` and `ue_px` are handled by
 * the self-describing JSON step, `tnuid` after everything else (it wins over `nuid`).
 */
const RULES = new Map<string, Setter>([
  ['e', typed('event', toEventType)],
  ['p', typed('platform', toPlatform)],
  ['aid', str('app_id')],
  ['tna', str('name_tracker')],
  ['tv', str('v_tracker')],
  ['cv', str('v_collector')],
  ['eid', typed('event_id', toUuid)],
  ['tid', typed('txn_id', toInt)],
  ['uid', str('user_id')],
  ['duid', str('domain_userid')],
  ['nuid', str('network_userid')],
  ['sid', typed('domain_sessionid', toUuid)],
  ['vid', typed('domain_sessionidx', toInt)],
  ['ip', ip],
  ['ua', str('useragent')],
  ['fp', str('user_fingerprint')],
  ['dtm', typed('dvce_created_tstamp', toTimestamp)],
  ['stm', typed('dvce_sent_tstamp', toTimestamp)],
  ['ttm', typed('true_tstamp', toTimestamp)],
  ['lang', str('br_lang')],
  ['cd', str('br_colordepth')],
  ['tz', str('os_timezone')],
  ['cs', str('doc_charset')],
  ['res', resolution('dvce_screenwidth', 'dvce_screenheight')],
  ['vp', resolution('br_viewwidth', 'br_viewheight')],
  ['ds', resolution('doc_width', 'doc_height')],
  ['cookie', typed('br_cookies', toBool)],
  ['f_pdf', typed('br_features_pdf', toBool)],
  ['f_fla', typed('br_features_flash', toBool)],
  ['f_java', typed('br_features_java', toBool)],
  ['f_dir', typed('br_features_director', toBool)],
  ['f_qt', typed('br_features_quicktime', toBool)],
  ['f_realp', typed('br_features_realplayer', toBool)],
  ['f_wma', typed('br_features_windowsmedia', toBool)],
  ['f_gears', typed('br_features_gears', toBool)],
  ['f_ag', typed('br_features_silverlight', toBool)],
  ['url', str('page_url')],
  ['page', str('page_title')],
  ['refr', str('page_referrer')],
  ['se_ca', str('se_category')],
  ['se_ac', str('se_action')],
  ['se_la', str('se_label')],
  ['se_pr', str('se_property')],
  ['se_va', typed('se_value', toDecimal)],
  ['ev_ca', str('se_category')],
  ['ev_ac', str('se_action')],
  ['ev_la', str('se_label')],
  ['ev_pr', str('se_property')],
  ['ev_va', typed('se_value', toDecimal)],
  ['tr_id', str('tr_orderid')],
  ['tr_af', str('tr_affiliation')],
  ['tr_tt', typed('tr_total', toDecimal)],
  ['tr_tx', typed('tr_tax', toDecimal)],
  ['tr_sh', typed('tr_shipping', toDecimal)],
  ['tr_ci', str('tr_city')],
  ['tr_st', str('tr_state')],
  ['tr_co', str('tr_country')],
  ['tr_cu', str('tr_currency')],
  ['ti_id', str('ti_orderid')],
  ['ti_sk', str('ti_sku')],
  ['ti_nm', str('ti_name')],
  ['ti_na', str('ti_name')],
  ['ti_ca', str('ti_category')],
  ['ti_pr', typed('ti_price', toDecimal)],
  ['ti_qu', typed('ti_quantity', toInt)],
  ['ti_cu', str('ti_currency')],
  ['pp_mix', typed('pp_xoffset_min', toInt)],
  ['pp_max', typed('pp_xoffset_max', toInt)],
  ['pp_miy', typed('pp_yoffset_min', toInt)],
  ['pp_may', typed('pp_yoffset_max', toInt)],
])

const TNUID = str('network_userid')

/** Applies every known parameter to `event`; returns the parse errors in parameter order. */
export function transform(parameters: Record<string, string | null>, event: EnrichedEvent): AtomicParseError[] {
  const errors: AtomicParseError[] = []
  for (const name in parameters) {
    const value = parameters[name]
    if (value == null) continue
    const setter = RULES.get(name)
    if (setter === undefined) continue
    const problem = setter(event, value)
    if (problem !== undefined) errors.push({field: name, value, message: problem.message})
  }
  const tnuid = parameters.tnuid
  if (tnuid != null) TNUID(event, tnuid)
  return errors
}
