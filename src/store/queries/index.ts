export {filterSql, matchesEvent, uriMatcher, type EventFilter, type UriMatcher, type SqlFragment} from './event-filter.js'
export {readStatusCounts, microSummary, countMatching, countMatchingSteps, type StatusCounts} from './counts.js'
export {goodEventChunks, badEventChunks, type ListOptions} from './micro-lists.js'
export {
  queryEventsPage,
  eventRowsByIds,
  type EventsPageQuery,
  type EventsPage,
  type EventRow,
  type ColumnFilter,
} from './events-page.js'
export {queryColumns, columnsSteps, queryColumnStats, columnStatsSteps, type ColumnStats} from './columns.js'
export {queryTimeline, timelineSteps, type TimelineBucket} from './timeline.js'
export {findByEventId, type EventLookup} from './event-lookup.js'
export {summariesAfter, lastEventRowId, cursorBeforeLast, type EventSummary} from './stream-rows.js'
export {ensureQueryFunctions} from './sql-functions.js'
export {runToEnd, SCAN_SPAN, TEXT_SCAN_SPAN, type Steps} from './steps.js'
