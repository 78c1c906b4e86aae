import {test} from 'node:test'
import assert from 'node:assert/strict'
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
} from '../../src/enrich/converters.js'
import {transform} from '../../src/enrich/transform.js'
import {createEnrichedEvent, getField, toTsv, FIELDS} from '../../src/event/index.js'

const err = (message: string) => new ConversionError(message)

test('S: tabs become 4 spaces, control characters go, "" is null', () => {
  assert.equal(toCleanString('a\tb'), 'a    b')
  assert.equal(toCleanString('line\r\nbreak\u0000'), 'linebreak')
  assert.equal(toCleanString(''), null)
  assert.equal(toCleanString('\n'), null)
  assert.equal(toCleanString('™®字'), '™®字')
})

test('converters: values and enrich error strings', () => {
  const cases: [string, unknown, unknown][] = [
    ['I 028288', toInt('028288'), 28288],
    ['I null', toInt('null'), null],
    ['I -5', toInt('-5'), -5],
    ['I x', toInt('x'), err('Cannot be converted to java.lang.Integer')],
    ['I 1.5', toInt('1.5'), err('Cannot be converted to java.lang.Integer')],
    ['I overflow', toInt('2147483648'), err('Cannot be converted to java.lang.Integer')],
    ['D 1E+3', toDecimal('1E+3'), '1000'],
    ['D 0.0', toDecimal('0.0'), '0.0'],
    ['D 028288', toDecimal('028288'), '28288'],
    ['D -12.50', toDecimal('-12.50'), '-12.50'],
    ['D .5', toDecimal('.5'), '0.5'],
    ['D 1.5e2', toDecimal('1.5e2'), '150'],
    ['D 1.25e1', toDecimal('1.25e1'), '12.5'],
    ['D null', toDecimal('null'), null],
    ['D abc', toDecimal('abc'), err('Cannot be converted to java.math.BigDecimal. Error : Character a is neither a decimal digit number, decimal point, nor "e" notation exponential mark.')],
    ['B 1', toBool('1'), 1],
    ['B 0', toBool('0'), 0],
    ['B true', toBool('true'), err('Cannot be converted to Boolean-like java.lang.Byte')],
    ['T ms', toTimestamp('1630238465748'), 1630238465748],
    ['T text', toTimestamp('2021-08-29'), err('Not in the expected format: ms since epoch')],
    ['T far future', toTimestamp('999999999999999'), err('Formatting as 33658-09-27 01:46:39.999 is not Redshift-compatible')],
    ['U upper', toUuid('BEE0A6D7-FC17-4392-B2BC-2208E8E944F3'), 'bee0a6d7-fc17-4392-b2bc-2208e8e944f3'],
    ['U bad', toUuid('invalidEventId'), err('Not a valid UUID')],
    ['R', toResolution('1920x1080'), [1920, 1080]],
    ['R bad', toResolution('1920*1080'), err('Does not conform to regex (\\d+)x(\\d+)')],
    ['p web', toPlatform('web'), 'web'],
    ['p headset', toPlatform('headset'), 'headset'],
    ['p bad', toPlatform('desktop'), err('Not a valid platform')],
    ['e pv', toEventType('pv'), 'page_view'],
    ['e pp', toEventType('pp'), 'page_ping'],
    ['e se', toEventType('se'), 'struct'],
    ['e ev', toEventType('ev'), 'struct'],
    ['e ue', toEventType('ue'), 'unstruct'],
    ['e tr', toEventType('tr'), 'transaction'],
    ['e ti', toEventType('ti'), 'transaction_item'],
    ['e ad', toEventType('ad'), 'ad_impression'],
    ['e bad', toEventType('xx'), err('Not a valid event type')],
    ['ip list', toIpAddress('1.2.3.4, 5.6.7.8'), '1.2.3.4'],
    ['ip pipe', toIpAddress('1.2.3.4|5.6.7.8'), '1.2.3.4'],
  ]
  for (const [name, actual, expected] of cases) assert.deepEqual(actual, expected, name)
})

test('transform maps every tracker parameter to its field', () => {
  const params: Record<string, [string, string, unknown]> = {
    e: ['pv', 'event', 'page_view'],
    p: ['mob', 'platform', 'mob'],
    aid: ['shop', 'app_id', 'shop'],
    tna: ['sp1', 'name_tracker', 'sp1'],
    tv: ['js-3.1.3', 'v_tracker', 'js-3.1.3'],
    cv: ['ssc-x', 'v_collector', 'ssc-x'],
    eid: ['bee0a6d7-fc17-4392-b2bc-2208e8e944f3', 'event_id', 'bee0a6d7-fc17-4392-b2bc-2208e8e944f3'],
    tid: ['028288', 'txn_id', 28288],
    uid: ['tester', 'user_id', 'tester'],
    duid: ['d1', 'domain_userid', 'd1'],
    sid: ['6d15a4fb-9623-4ba1-b876-5240e72e6970', 'domain_sessionid', '6d15a4fb-9623-4ba1-b876-5240e72e6970'],
    vid: ['3', 'domain_sessionidx', 3],
    ip: ['10.0.0.1, 10.0.0.2', 'user_ipaddress', '10.0.0.1'],
    ua: ['Agent\t1', 'useragent', 'Agent    1'],
    fp: ['123', 'user_fingerprint', '123'],
    dtm: ['1630238465748', 'dvce_created_tstamp', 1630238465748],
    stm: ['1630238465752', 'dvce_sent_tstamp', 1630238465752],
    ttm: ['1630238465700', 'true_tstamp', 1630238465700],
    lang: ['en-US', 'br_lang', 'en-US'],
    cd: ['24', 'br_colordepth', '24'],
    tz: ['Europe/London', 'os_timezone', 'Europe/London'],
    cs: ['UTF-8', 'doc_charset', 'UTF-8'],
    cookie: ['1', 'br_cookies', 1],
    f_pdf: ['1', 'br_features_pdf', 1],
    f_fla: ['0', 'br_features_flash', 0],
    f_java: ['1', 'br_features_java', 1],
    f_dir: ['0', 'br_features_director', 0],
    f_qt: ['1', 'br_features_quicktime', 1],
    f_realp: ['0', 'br_features_realplayer', 0],
    f_wma: ['1', 'br_features_windowsmedia', 1],
    f_gears: ['0', 'br_features_gears', 0],
    f_ag: ['1', 'br_features_silverlight', 1],
    url: ['http://localhost:8000/', 'page_url', 'http://localhost:8000/'],
    page: ['Title', 'page_title', 'Title'],
    refr: ['http://localhost:8000/__/', 'page_referrer', 'http://localhost:8000/__/'],
    se_ca: ['cat', 'se_category', 'cat'],
    se_ac: ['act', 'se_action', 'act'],
    se_la: ['lab', 'se_label', 'lab'],
    se_pr: ['prop', 'se_property', 'prop'],
    se_va: ['1E+3', 'se_value', '1000'],
    tr_id: ['o1', 'tr_orderid', 'o1'],
    tr_af: ['aff', 'tr_affiliation', 'aff'],
    tr_tt: ['8000', 'tr_total', '8000'],
    tr_tx: ['1.5', 'tr_tax', '1.5'],
    tr_sh: ['2', 'tr_shipping', '2'],
    tr_ci: ['London', 'tr_city', 'London'],
    tr_st: ['LDN', 'tr_state', 'LDN'],
    tr_co: ['UK', 'tr_country', 'UK'],
    tr_cu: ['GBP', 'tr_currency', 'GBP'],
    ti_id: ['o1', 'ti_orderid', 'o1'],
    ti_sk: ['sku', 'ti_sku', 'sku'],
    ti_nm: ['name', 'ti_name', 'name'],
    ti_ca: ['cat', 'ti_category', 'cat'],
    ti_pr: ['4000', 'ti_price', '4000'],
    ti_qu: ['2', 'ti_quantity', 2],
    ti_cu: ['GBP', 'ti_currency', 'GBP'],
    pp_mix: ['1', 'pp_xoffset_min', 1],
    pp_max: ['2', 'pp_xoffset_max', 2],
    pp_miy: ['3', 'pp_yoffset_min', 3],
    pp_may: ['4', 'pp_yoffset_max', 4],
  }
  const map: Record<string, string | null> = Object.fromEntries(Object.entries(params).map(([k, [v]]) => [k, v]))
  map.res = '1920x1080'
  map.vp = '1000x660'
  map.ds = '988x670'
  map.unknown_key = 'ignored'
  const ev = createEnrichedEvent()
  assert.deepEqual(transform(map, ev), [])
  for (const [param, [, field, expected]] of Object.entries(params)) assert.deepEqual(getField(ev, field), expected, param)
  assert.equal(getField(ev, 'dvce_screenwidth'), 1920)
  assert.equal(getField(ev, 'dvce_screenheight'), 1080)
  assert.equal(getField(ev, 'br_viewwidth'), 1000)
  assert.equal(getField(ev, 'br_viewheight'), 660)
  assert.equal(getField(ev, 'doc_width'), 988)
  assert.equal(getField(ev, 'doc_height'), 670)
  assert.equal(toTsv(ev).split('\t').length, FIELDS.length)
})

test('transform: legacy ev_*, ti_na, tnuid wins over nuid, errors in parameter order', () => {
  const ev = createEnrichedEvent()
  const errors = transform(
    {
      tnuid: 'third-party',
      nuid: 'first-party',
      ev_ca: 'legacy',
      ti_na: 'legacy name',
      eid: 'invalidEventId',
      vid: 'x',
      cookie: 'yes',
      res: 'big',
      dtm: 'yesterday',
      p: 'desktop',
      e: 'zz',
      se_va: 'abc',
    },
    ev,
  )
  assert.equal(getField(ev, 'network_userid'), 'third-party')
  assert.equal(getField(ev, 'se_category'), 'legacy')
  assert.equal(getField(ev, 'ti_name'), 'legacy name')
  assert.deepEqual(
    errors.map((e) => [e.field, e.value, e.message]),
    [
      ['eid', 'invalidEventId', 'Not a valid UUID'],
      ['vid', 'x', 'Cannot be converted to java.lang.Integer'],
      ['cookie', 'yes', 'Cannot be converted to Boolean-like java.lang.Byte'],
      ['res', 'big', 'Does not conform to regex (\\d+)x(\\d+)'],
      ['dtm', 'yesterday', 'Not in the expected format: ms since epoch'],
      ['p', 'desktop', 'Not a valid platform'],
      ['e', 'zz', 'Not a valid event type'],
      ['se_va', 'abc', 'Cannot be converted to java.math.BigDecimal. Error : Character a is neither a decimal digit number, decimal point, nor "e" notation exponential mark.'],
    ],
  )
})

test('R and ip, split by hand, keep to their regex definitions on odd input', () => {
  const byRegex = (value: string) => {
    const m = /^(\d+)x(\d+)$/.exec(value)
    if (!m) return err('Does not conform to regex (\\d+)x(\\d+)')
    const [w, h] = [Number(m[1]), Number(m[2])]
    return w > 2147483647 || h > 2147483647 ? err('Could not be converted to java.lang.Integer s') : [w, h]
  }
  const resolutions = ['1920x1080', '0x0', 'x', 'x1', '1x', '1xx1', '1x1x1', ' 1x1', '1x1 ', '1x1\n', '١x1', '+1x1', '1.5x2', '2147483647x1', '2147483648x1', '1X1', '', '00012x0003']
  for (const r of resolutions) assert.deepEqual(toResolution(r), byRegex(r), JSON.stringify(r))
  const ips = ['1.2.3.4', '1.2.3.4, 5.6.7.8', '1.2.3.4|5.6.7.8', ' 1.2.3.4', ',', '', ' ', '::1 x', 'a,b|c d', '\t1.2.3.4\t,x']
  for (const ip of ips) {
    const first = ip.split(/[,| ]/)[0]!.trim()
    assert.equal(toIpAddress(ip), first === '' ? null : first, JSON.stringify(ip))
  }
})
