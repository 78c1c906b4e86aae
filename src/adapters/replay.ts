import {decodeCollectorPayload} from '../thrift/codec.js'
import {loadCollectorPayload} from './loader.js'
import type {RawEvent} from './raw-event.js'
import {toRawEvents} from './registry.js'

/**
 * The raw events an adapter made of a stored payload (its Thrift bytes), in the order it made
 * them, or null when the bytes no longer load or adapt. Meant for payloads whose events were
 * accepted at ingest: the adapters are deterministic, so this is exactly what ingest saw, and
 * their schema checks are taken as passed (no Iglu client, never asynchronous).
 */
export function replayRawEvents(thrift: Buffer): RawEvent[] | null {
  let loaded
  try {
    loaded = loadCollectorPayload(decodeCollectorPayload(thrift))
  } catch {
    return null
  }
  if (!loaded.ok) return null
  const result = toRawEvents(loaded.payload, {iglu: null})
  // only an Iglu lookup makes an adapter asynchronous, and a replay has none
  if (result instanceof Promise || !result.ok) return null
  return result.events
}
