import {useEffect, useRef, useState} from 'react'

export interface StreamEvent {
  id: number
  status: 'good' | 'bad' | 'incomplete'
}

/**
 * Follows /micro/stream (Server-Sent Events; EventSource reconnects and resumes by itself) and
 * calls `onEvents` with each burst of new events, batched per animation frame so a load test
 * does not re-render per event. No polling.
 */
export function useLiveStream(onEvents: (events: StreamEvent[]) => void): {connected: boolean} {
  const [connected, setConnected] = useState(false)
  const callback = useRef(onEvents)
  callback.current = onEvents
  useEffect(() => {
    const source = new EventSource('/micro/stream')
    let batch: StreamEvent[] = []
    let frame = 0
    const flush = () => {
      frame = 0
      const events = batch
      batch = []
      callback.current(events)
    }
    source.addEventListener('open', () => setConnected(true))
    source.addEventListener('error', () => setConnected(source.readyState === EventSource.OPEN))
    source.addEventListener('event', (message) => {
      try {
        batch.push(JSON.parse((message as MessageEvent<string>).data) as StreamEvent)
      } catch {
        return
      }
      if (frame === 0) frame = window.setTimeout(flush, 100)
    })
    return () => {
      window.clearTimeout(frame)
      source.close()
    }
  }, [])
  return {connected}
}
