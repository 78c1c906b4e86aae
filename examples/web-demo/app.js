// The demo's tracking, written as an app would write it against @snowplow/browser-tracker.
const {newTracker, trackPageView, trackSelfDescribingEvent} = window.snowplowBrowserTracking

const MOUSE_MOVE = 'iglu:com.example_company/mouse_move/jsonschema/1-0-0'
const MOUSE_CLICK = 'iglu:com.example_company/mouse_click/jsonschema/1-0-0'

// sp micro's default address; ?collector=URL points the page elsewhere
const collector = new URLSearchParams(location.search).get('collector') ?? 'http://127.0.0.1:9090'
document.getElementById('collector').textContent = collector

newTracker('demo', collector, {appId: 'web-demo', bufferSize: 1})
trackPageView()

const point = (e) => ({x: Math.max(0, Math.round(e.clientX)), y: Math.max(0, Math.round(e.clientY))})

let lastMove = 0
document.addEventListener('mousemove', (e) => {
  // a move event per pixel would flood the collector: at most one every 200 ms
  if (e.timeStamp - lastMove < 200) return
  lastMove = e.timeStamp
  trackSelfDescribingEvent({event: {schema: MOUSE_MOVE, data: point(e)}})
})

document.addEventListener('mousedown', (e) => {
  trackSelfDescribingEvent({event: {schema: MOUSE_CLICK, data: {...point(e), button: e.button}}})
})
