/**
 * The schemas Snowplow's trackers attach or send without being asked to (or with one line of
 * configuration): the JavaScript tracker's web_page context and its standard plugins, the mobile
 * trackers' platform, session, screen and lifecycle entities. `sp micro` warms the schema cache with
 * them, and names the missing ones when it runs offline. All are on Iglu Central.
 */
export const TRACKER_DEFAULT_SCHEMAS: readonly string[] = [
  // JavaScript / browser tracker
  'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0',
  'iglu:com.snowplowanalytics.snowplow/client_session/jsonschema/1-0-2',
  'iglu:com.snowplowanalytics.snowplow/browser_context/jsonschema/1-0-0',
  'iglu:com.snowplowanalytics.snowplow/browser_context/jsonschema/2-0-0',
  'iglu:com.snowplowanalytics.snowplow/geolocation_context/jsonschema/1-1-0',
  'iglu:org.w3/PerformanceTiming/jsonschema/1-0-0',
  'iglu:com.google.analytics/cookies/jsonschema/1-0-0',
  'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1',
  'iglu:com.snowplowanalytics.snowplow/submit_form/jsonschema/1-0-0',
  'iglu:com.snowplowanalytics.snowplow/change_form/jsonschema/1-0-0',
  'iglu:com.snowplowanalytics.snowplow/focus_form/jsonschema/1-0-0',
  'iglu:com.snowplowanalytics.snowplow/site_search/jsonschema/1-0-0',
  'iglu:com.snowplowanalytics.snowplow/application_error/jsonschema/1-0-1',
  'iglu:com.snowplowanalytics.snowplow/timing/jsonschema/1-0-0',
  'iglu:com.snowplowanalytics.snowplow/web_vitals/jsonschema/1-0-0',
  // iOS / Android / React Native / Flutter trackers
  'iglu:com.snowplowanalytics.snowplow/mobile_context/jsonschema/1-0-1',
  'iglu:com.snowplowanalytics.snowplow/mobile_context/jsonschema/1-0-2',
  'iglu:com.snowplowanalytics.snowplow/mobile_context/jsonschema/1-0-3',
  'iglu:com.snowplowanalytics.snowplow/application_error/jsonschema/1-0-2',
  'iglu:com.snowplowanalytics.snowplow/application_foreground/jsonschema/1-0-0',
  'iglu:com.snowplowanalytics.snowplow/application_background/jsonschema/1-0-0',
  'iglu:com.snowplowanalytics.mobile/application/jsonschema/1-0-0',
  'iglu:com.snowplowanalytics.mobile/application_install/jsonschema/1-0-0',
  'iglu:com.snowplowanalytics.mobile/application_lifecycle/jsonschema/1-0-0',
  'iglu:com.snowplowanalytics.mobile/screen/jsonschema/1-0-0',
  'iglu:com.snowplowanalytics.mobile/screen_view/jsonschema/1-0-0',
  'iglu:com.snowplowanalytics.mobile/screen_end/jsonschema/1-0-0',
  'iglu:com.snowplowanalytics.mobile/screen_summary/jsonschema/1-0-0',
  'iglu:com.snowplowanalytics.mobile/deep_link/jsonschema/1-0-0',
  'iglu:com.snowplowanalytics.mobile/deep_link_received/jsonschema/1-0-0',
  'iglu:com.snowplowanalytics.snowplow/screen_view/jsonschema/1-0-0',
]
