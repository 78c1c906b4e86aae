import {closeSync, openSync, readFileSync, realpathSync, unlinkSync, writeFileSync, writeSync} from 'node:fs'
import path from 'node:path'
import {SpError} from '../errors/sp-error.js'
import {STORE_ERROR_CODES} from '../store/errors.js'

/**
 * One `sp micro` per database file. Two servers on one file each keep their own live stream and
 * caches, so events from one never reach the other's /micro/stream and a reset on one empties the
 * other; sharing it properly would need cross-process notifications for little gain. So the
 * second one is refused, naming the first: a lock file `<db>.lock` holding the holder's pid and
 * URL. A holder that died (kill -9) leaves a stale file, taken over when its pid is gone.
 */
export interface InstanceLock {
  /** records the URL once listening, so a second instance can name it */
  announce(url: string): void
  release(): void
}

interface Holder {
  pid: number
  url: string | null
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as {code?: string}).code === 'EPERM'
  }
}

function readHolder(file: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>
    return typeof parsed.pid === 'number' ? {pid: parsed.pid, url: typeof parsed.url === 'string' ? parsed.url : null} : undefined
  } catch {
    return undefined
  }
}

function lockedError(dbFile: string, holder: Holder): SpError {
  const who = holder.url === null ? `pid ${holder.pid}, still starting` : `${holder.url}, pid ${holder.pid}`
  return new SpError(
    STORE_ERROR_CODES.locked,
    `The database ${dbFile} is in use by another sp micro (${who}). Stop it, or give this one its own file with --db (or --db :memory:).`,
    holder,
  )
}

/** Takes the lock of `dbFile` (nothing to lock for `:memory:`); throws STORE_LOCKED naming the holder. */
export function lockDatabase(dbFile: string): InstanceLock {
  if (dbFile === ':memory:') return {announce() {}, release() {}}
  // the real path: two spellings of one file (a symlink, ../x) share one lock
  let real = path.resolve(dbFile)
  try {
    real = realpathSync(real)
  } catch {
    // not created yet: the path as given
  }
  const file = `${real}.lock`
  const write = (url: string | null) => JSON.stringify({pid: process.pid, url, startedAt: new Date().toISOString()})
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx')
      writeSync(fd, write(null))
      closeSync(fd)
      break
    } catch (error) {
      if ((error as {code?: string}).code !== 'EEXIST') return {announce() {}, release() {}}
      const holder = readHolder(file)
      // a holder still writing its file, or alive: refuse; a dead one left a stale file: take over
      if (holder === undefined && attempt < 3) continue
      if (holder !== undefined && isAlive(holder.pid)) throw lockedError(dbFile, holder)
      if (attempt >= 3) throw lockedError(dbFile, holder ?? {pid: 0, url: null})
      try {
        unlinkSync(file)
      } catch {
        // another starter took it over first: try again
      }
    }
  }
  let held = true
  const release = (): void => {
    if (!held) return
    held = false
    process.off('exit', release)
    try {
      if (readHolder(file)?.pid === process.pid) unlinkSync(file)
    } catch {
      // already gone
    }
  }
  process.on('exit', release)
  return {
    announce(url) {
      if (held) writeFileSync(file, write(url))
    },
    release,
  }
}
