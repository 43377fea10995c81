/**
 * The staff member's offline sign-up queue. Every sign-up lands here first, persisted through the one
 * storage adapter (survives closing the mini program and a phone restart), with its Idempotency-Key made
 * once, when the staff member taps submit. The key changes only when the staff member edits an item the
 * server refused (信息有误 / 名额已满 → another course): the server never saw that version.
 * Nothing leaves the queue silently: every item ends in an outcome shown with its count.
 * No Taro here: the storage is injected, so the same code runs in Node tests.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware'
import type { StaffSignupItem, StaffSignupResultItem, Station } from '../contract/staff'
import type { SignupOutcome, WalkInWorker } from '../domain/staff-signup'
import { normalizeWalkInWorker } from '../domain/staff-signup'
import { maskIdNumber } from '../domain/masking'
import { newIdempotencyKey } from '../domain/idempotency-key'

export type QueueStatus = 'pending' | SignupOutcome

export type QueuedConsent =
  | { method: 'sms'; code: string }
  /** `image` (PNG data URL) until uploaded; then only `uploadId` is kept */
  | { method: 'signature'; image?: string; uploadId?: string }

export interface QueuedCourse {
  id: string
  title: string
  startDate?: string
}

export interface QueueItem {
  key: string
  createdAt: number
  course: QueuedCourse
  worker: WalkInWorker
  consent: QueuedConsent
  status: QueueStatus
  message?: string
  code?: string
  field?: string
  enrollmentId?: string
  /** sends tried so far for this key */
  attempts: number
  /** not before this time (ms) — the backoff */
  nextAttemptAt: number
  lastError?: string
  doneAt?: number
  /** earlier keys of this item and how the server answered them (an edit after 信息有误 / 名额已满) */
  history: { key: string; status: QueueStatus; message?: string; course: string }[]
}

export interface SignupDraft {
  course: QueuedCourse
  worker: WalkInWorker
  consent: { method: 'sms'; code: string } | { method: 'signature'; image: string }
}

export interface StaffQueueState {
  items: QueueItem[]
  /** Courses near the station as last loaded, so a sign-up can be queued offline */
  courses: QueuedCourse[]
  lastCourseId: string | null
  /** The staff member's station as last loaded (the workbench opens offline too) */
  station: Station | null
  setStation(station: Station | null): void
  setCourses(courses: QueuedCourse[]): void
  pickCourse(id: string | null): void
  /** Adds a sign-up; its key is created here, once. Returns the key. */
  enqueue(draft: SignupDraft, now?: number): string
  /** An edited version of a refused item (信息有误 / 名额已满): a new key, the old answer kept in history. */
  resubmit(key: string, draft: SignupDraft, now?: number): string | null
  /** Withdraws an item the server has never been sent (已取消). */
  cancel(key: string): boolean
  /** The sync engine's writes */
  markUploaded(key: string, uploadId: string): void
  applyResult(result: StaffSignupResultItem, now: number): void
  markFailed(keys: string[], error: string, nextAttemptAt: (attempts: number) => number): void
  /** Manual 立即同步: every waiting item is due now */
  makeAllDue(now: number): void
  /** Removes finished items older than `before` (they stay in the server's list) */
  prune(before: number): void
}

export const FINAL: ReadonlySet<QueueStatus> = new Set(['enrolled', 'already_enrolled', 'course_full', 'invalid', 'cancelled'])
/** Outcomes the staff member can act on by editing (a new key) */
export const EDITABLE: ReadonlySet<QueueStatus> = new Set(['invalid', 'course_full'])

function itemFrom(draft: SignupDraft, key: string, now: number, history: QueueItem['history'] = []): QueueItem {
  return {
    key,
    createdAt: now,
    course: draft.course,
    worker: normalizeWalkInWorker(draft.worker),
    consent: draft.consent,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    history
  }
}

/** Once the server has the sign-up, the phone keeps only the masked ID number. */
const minimise = (w: WalkInWorker): WalkInWorker => ({ ...w, idNumber: maskIdNumber(w.idNumber) })

export type StaffQueueStore = StoreApi<StaffQueueState> & { persist: { rehydrate(): Promise<void> | void; hasHydrated(): boolean } }

export const STAFF_QUEUE_KEY = 'zsb.staff-queue'

export function createStaffQueue(storage: StateStorage, opts: { name?: string; newKey?: () => string } = {}): StaffQueueStore {
  const newKey = opts.newKey ?? newIdempotencyKey
  const update = (set: StoreApi<StaffQueueState>['setState'], key: string, fn: (i: QueueItem) => QueueItem) =>
    set((s) => ({ items: s.items.map((i) => (i.key === key ? fn(i) : i)) }))
  return createStore<StaffQueueState>()(
    persist(
      (set, get) => ({
        items: [],
        courses: [],
        lastCourseId: null,
        station: null,
        setStation: (station) => set({ station }),
        setCourses: (courses) => set({ courses }),
        pickCourse: (id) => set({ lastCourseId: id }),
        enqueue(draft, now = Date.now()) {
          const key = newKey()
          set((s) => ({ items: [...s.items, itemFrom(draft, key, now)] }))
          return key
        },
        resubmit(key, draft, now = Date.now()) {
          const old = get().items.find((i) => i.key === key)
          if (!old || !EDITABLE.has(old.status)) return null
          const fresh = newKey()
          const history = [...old.history, { key: old.key, status: old.status, message: old.message, course: old.course.title }]
          set((s) => ({ items: s.items.map((i) => (i.key === key ? itemFrom(draft, fresh, now, history) : i)) }))
          return fresh
        },
        cancel(key) {
          const item = get().items.find((i) => i.key === key)
          // once sent, only the server knows whether it went through: the item must be answered, not dropped
          if (!item || item.status !== 'pending' || item.attempts > 0) return false
          update(set, key, (i) => ({ ...i, status: 'cancelled', message: '已取消，没有提交', worker: minimise(i.worker), consent: stripConsent(i.consent) }))
          return true
        },
        markUploaded(key, uploadId) {
          update(set, key, (i) => ({ ...i, consent: { method: 'signature', uploadId } }))
        },
        applyResult(r, now) {
          update(set, r.idempotencyKey, (i) =>
            i.status !== 'pending'
              ? i
              : {
                  ...i,
                  status: r.outcome,
                  message: r.message,
                  code: r.code,
                  field: r.field,
                  enrollmentId: r.enrollmentId,
                  attempts: i.attempts + 1,
                  doneAt: now,
                  lastError: undefined,
                  // keep the full ID only where the staff member may need to correct it
                  worker: EDITABLE.has(r.outcome) ? i.worker : minimise(i.worker)
                }
          )
        },
        markFailed(keys, error, nextAttemptAt) {
          const set_ = new Set(keys)
          set((s) => ({
            items: s.items.map((i) =>
              set_.has(i.key) && i.status === 'pending' ? { ...i, attempts: i.attempts + 1, lastError: error, nextAttemptAt: nextAttemptAt(i.attempts + 1) } : i
            )
          }))
        },
        makeAllDue(now) {
          set((s) => ({ items: s.items.map((i) => (i.status === 'pending' ? { ...i, nextAttemptAt: Math.min(i.nextAttemptAt, now) } : i)) }))
        },
        prune(before) {
          set((s) => ({ items: s.items.filter((i) => !(FINAL.has(i.status) && !EDITABLE.has(i.status) && (i.doneAt ?? i.createdAt) < before)) }))
        }
      }),
      {
        name: opts.name ?? STAFF_QUEUE_KEY,
        version: 1,
        storage: createJSONStorage(() => storage),
        partialize: (s) => ({ items: s.items, courses: s.courses, lastCourseId: s.lastCourseId, station: s.station }) as unknown as StaffQueueState
      }
    )
  ) as StaffQueueStore
}

const stripConsent = (c: QueuedConsent): QueuedConsent => (c.method === 'sms' ? { method: 'sms', code: '' } : { method: 'signature', uploadId: c.uploadId })

export interface QueueCounts {
  pending: number
  enrolled: number
  already_enrolled: number
  course_full: number
  invalid: number
  cancelled: number
  total: number
}

export function countsOf(items: readonly QueueItem[]): QueueCounts {
  const c: QueueCounts = { pending: 0, enrolled: 0, already_enrolled: 0, course_full: 0, invalid: 0, cancelled: 0, total: items.length }
  for (const i of items) c[i.status] += 1
  return c
}

/** The wire form of a queued item (signature uploaded first). */
export function toWire(i: QueueItem): StaffSignupItem | null {
  const consent = i.consent.method === 'sms' ? { method: 'sms' as const, code: i.consent.code } : i.consent.uploadId ? { method: 'signature' as const, uploadId: i.consent.uploadId } : null
  if (!consent) return null
  return { idempotencyKey: i.key, courseId: i.course.id, worker: i.worker as StaffSignupItem['worker'], consent }
}
