/**
 * Sends the staff queue to the server, by itself and on demand: when the network comes back (events
 * from the platform's network service), on a timer with exponential backoff and jitter after a failure,
 * and when the staff member taps 立即同步. One small batch at a time; each item keeps its key through
 * every retry, so a request that reached the server but whose answer was lost is answered the same way
 * the next time (the server replays the first outcome). No Taro here: transport, clock and network
 * status are injected (the app wires them in src/subpackages/staff/runtime.ts; tests wire Node's).
 */
import type { StaffSignupItem, StaffSignupResultItem } from '../contract/staff'
import { type StaffQueueStore, type QueueItem, toWire } from './staff-queue'

export interface SyncDeps {
  queue: StaffQueueStore
  submit(items: StaffSignupItem[]): Promise<{ items: StaffSignupResultItem[] }>
  uploadSignature(key: string, image: string): Promise<{ uploadId: string }>
  /** A signature saved apart from the queue (`imageRef`): read it back, and remove it once uploaded */
  signatures?: { read(ref: string): Promise<string | null>; remove(ref: string): void }
  network: { isOnline(): boolean; onChange(listener: (online: boolean) => void): () => void }
  now?: () => number
  random?: () => number
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
  /** items per request (≤ 50); default 5 */
  batchSize?: number
  /** first retry delay, default 2 s; doubles per attempt up to maxDelayMs (default 5 min) */
  baseDelayMs?: number
  maxDelayMs?: number
  /** the session is gone (401) or the account is not staff (403): syncing waits for the staff member */
  onBlocked?(reason: 'login' | 'forbidden'): void
  onChange?(): void
}

export interface SyncEngine {
  /** Subscribes to network events and syncs what is due */
  start(): void
  /** Stops timers and listeners; an in-flight request is left to finish (its answer is applied) */
  stop(): void
  /** 立即同步: everything waiting is due now; resolves when the queue has nothing due */
  syncNow(): Promise<void>
  /** One pass over what is due (used by start/syncNow/timers) */
  run(force?: boolean): Promise<void>
  readonly syncing: boolean
  /** Keys being sent right now (they cannot be cancelled or edited) */
  inFlight(): ReadonlySet<string>
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries of many phones spread out. */
export function backoffMs(attempts: number, base: number, max: number, random: () => number): number {
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempts - 1))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}

/**
 * The transport's failures, known by their shape (services/http's ApiError and NetworkError carry these
 * names), so the engine depends on no service: either the server answered with a status, or nothing came back.
 */
interface AnsweredFailure extends Error {
  status: number
  code: string
  field?: string
}
const isAnswer = (e: unknown): e is AnsweredFailure => e instanceof Error && e.name === 'ApiError' && typeof (e as { status?: unknown }).status === 'number'
const isNoAnswer = (e: unknown): boolean => e instanceof Error && e.name === 'NetworkError'

const isTransient = (e: unknown) => isNoAnswer(e) || (isAnswer(e) && (e.status >= 500 || e.status === 429 || e.status === 408))

export function createSyncEngine(deps: SyncDeps): SyncEngine {
  const now = deps.now ?? Date.now
  const random = deps.random ?? Math.random
  const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms))
  const clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>))
  const batchSize = Math.max(1, Math.min(50, deps.batchSize ?? 5))
  const base = deps.baseDelayMs ?? 2000
  const max = deps.maxDelayMs ?? 5 * 60_000
  const flying = new Set<string>()
  /** keys the server refused as part of a batch (400): sent alone next time to find the bad one */
  const solo = new Set<string>()
  let running: Promise<void> | null = null
  let timer: unknown = null
  let unsubscribe: (() => void) | null = null
  let stopped = true
  let blocked = false

  const q = () => deps.queue.getState()
  const retryAt = (attempts: number) => now() + backoffMs(attempts, base, max, random)
  const changed = () => deps.onChange?.()

  function fail(keys: string[], error: unknown) {
    q().markFailed(keys, error instanceof Error ? error.message : String(error), retryAt)
    changed()
  }

  function schedule() {
    if (timer !== null) clearTimer(timer)
    timer = null
    if (stopped) return
    const waiting = q().items.filter((i) => i.status === 'pending')
    if (waiting.length === 0) return
    const next = Math.min(...waiting.map((i) => i.nextAttemptAt))
    timer = setTimer(() => {
      timer = null
      void run()
    }, Math.max(0, next - now()))
  }

  function dueBatch(): QueueItem[] {
    const t = now()
    const due = q()
      .items.filter((i) => i.status === 'pending' && i.nextAttemptAt <= t && !flying.has(i.key))
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt)
    if (due.length === 0) return []
    if (solo.has(due[0].key)) return [due[0]]
    return due.filter((i) => !solo.has(i.key)).slice(0, batchSize)
  }

  function stopFor(e: unknown): boolean {
    if (isAnswer(e) && (e.status === 401 || e.status === 403)) {
      blocked = true
      deps.onBlocked?.(e.status === 401 ? 'login' : 'forbidden')
      return true
    }
    return false
  }

  /** Signatures go up first, side by side (an upload is idempotent by the item's key); only items ready to send come back */
  async function uploadSignatures(batch: QueueItem[]): Promise<QueueItem[]> {
    const ready = await Promise.all(
      batch.map(async (item): Promise<QueueItem | null> => {
        if (item.consent.method !== 'signature' || item.consent.uploadId) return item
        const ref = item.consent.imageRef
        const image = item.consent.image ?? (ref && deps.signatures ? await deps.signatures.read(ref).catch(() => null) : null)
        if (!image) {
          q().applyResult({ idempotencyKey: item.key, outcome: 'invalid', code: 'SIGNATURE_MISSING', message: '签名丢失了，请让务工人员重新签名', field: 'consent' }, now())
          return null
        }
        try {
          const { uploadId } = await deps.uploadSignature(item.key, image)
          q().markUploaded(item.key, uploadId)
          if (ref) deps.signatures?.remove(ref)
          return { ...item, consent: { method: 'signature', uploadId } }
        } catch (e) {
          if (stopFor(e)) return null
          if (isTransient(e)) fail([item.key], e)
          else {
            const message = isAnswer(e) ? e.message : '签名上传失败，请让务工人员重新签名'
            q().applyResult({ idempotencyKey: item.key, outcome: 'invalid', code: isAnswer(e) ? e.code : 'SIGNATURE_INVALID', message, field: 'consent' }, now())
          }
          return null
        } finally {
          changed()
        }
      })
    )
    return blocked ? [] : ready.filter((i): i is QueueItem => i !== null)
  }

  async function pass(force: boolean): Promise<void> {
    for (;;) {
      if (blocked) return
      if (!force && !deps.network.isOnline()) return
      const batch = dueBatch()
      if (batch.length === 0) return
      for (const i of batch) flying.add(i.key)
      changed()
      try {
        const ready = await uploadSignatures(batch)
        if (blocked) return
        const wire = ready.map(toWire).filter((w): w is StaffSignupItem => w !== null)
        if (wire.length === 0) continue
        let answer: { items: StaffSignupResultItem[] }
        try {
          answer = await deps.submit(wire)
        } catch (e) {
          if (stopFor(e)) return
          if (isAnswer(e) && e.status === 400) {
            if (wire.length > 1) {
              // the server checks the whole batch's shape: find the one it refuses by sending them alone
              for (const w of wire) solo.add(w.idempotencyKey)
              continue
            }
            q().applyResult({ idempotencyKey: wire[0].idempotencyKey, outcome: 'invalid', code: e.code, message: e.message, field: e.field }, now())
            changed()
            continue
          }
          fail(
            wire.map((w) => w.idempotencyKey),
            e
          )
          // a failure ends the pass: the timer (backoff) or the next network event starts the next one
          return
        }
        const answered = new Set<string>()
        for (const r of answer.items) {
          answered.add(r.idempotencyKey)
          q().applyResult(r, now())
          solo.delete(r.idempotencyKey)
        }
        const missing = wire.map((w) => w.idempotencyKey).filter((k) => !answered.has(k))
        if (missing.length > 0) fail(missing, new Error('服务器没有答复这一条'))
        changed()
      } finally {
        for (const i of batch) flying.delete(i.key)
      }
    }
  }

  function run(force = false): Promise<void> {
    if (running) return running
    running = pass(force)
      .catch((e: unknown) => {
        // an unexpected error must not wedge the queue: the items stay pending and are retried later
        const keys = [...flying]
        try {
          if (keys.length) fail(keys, e)
        } catch {
          // storage full: the items stay pending in memory and on the phone as last saved
        }
      })
      .finally(() => {
        running = null
        changed()
        schedule()
      })
    return running
  }

  return {
    start() {
      if (!stopped) return
      stopped = false
      unsubscribe = deps.network.onChange((online) => {
        if (online) {
          blocked = false
          void run()
        }
      })
      void run()
    },
    stop() {
      stopped = true
      unsubscribe?.()
      unsubscribe = null
      if (timer !== null) clearTimer(timer)
      timer = null
    },
    async syncNow() {
      blocked = false
      q().makeAllDue(now())
      changed()
      // keep going until nothing is due now (a pass stops at the first failure)
      if (running) await running
      await run(true)
    },
    run,
    get syncing() {
      return running !== null
    },
    inFlight: () => flying
  }
}
