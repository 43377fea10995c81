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
import type { SignupOutcome, StationCourse, WalkInWorker } from '../domain/staff-signup'
import { isCourseClosedCode, normalizeWalkInWorker } from '../domain/staff-signup'
import { maskIdNumber } from '../domain/masking'
import { newIdempotencyKey } from '../domain/idempotency-key'

export type QueueStatus = 'pending' | SignupOutcome

export type QueuedConsent =
  | { method: 'sms'; code: string }
  /**
   * The PNG until uploaded — saved apart from the queue (`imageRef`: a file on the mini program, its own
   * key on H5) so no storage key grows with the day's signatures; `image` (a data URL inline) only in queues
   * written before that. Once uploaded only `uploadId` is kept.
   */
  | { method: 'signature'; image?: string; imageRef?: string; uploadId?: string }
  /** The consent the worker gave for an earlier item (same worker), which the server recorded: a course change needs no new one */
  | { method: 'prior'; signupKey: string }

export type QueuedCourse = StationCourse

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
  consent: { method: 'sms'; code: string } | { method: 'signature'; image?: string; imageRef?: string } | { method: 'prior'; signupKey: string }
}

/** The form being filled in, kept until it is submitted or discarded (the staff member may leave the page). */
export interface FormDraft {
  /** the refused item being edited, or null for a new sign-up */
  editKey: string | null
  courseId: string | null
  worker: WalkInWorker
  /** the signature drawn so far (PNG data URL), restored onto the pad */
  signature: string | null
  savedAt: number
}

export interface StaffQueueState {
  items: QueueItem[]
  /** Courses near the station as last loaded, so a sign-up can be queued offline */
  courses: QueuedCourse[]
  /** When `courses` (with their seats) came from the server; null = never */
  coursesSyncedAt: number | null
  lastCourseId: string | null
  /** The unfinished form, if any */
  draft: FormDraft | null
  saveDraft(draft: FormDraft | null): void
  /** The staff member's station as last loaded (the workbench opens offline too) */
  station: Station | null
  setStation(station: Station | null): void
  setCourses(courses: QueuedCourse[], syncedAt?: number): void
  pickCourse(id: string | null): void
  /** Adds a sign-up; its key is created here, once. Returns the key. */
  enqueue(draft: SignupDraft, now?: number): string
  /** An edited version of a refused item (信息有误 / 名额已满): a new key, the old answer kept in history. */
  resubmit(key: string, draft: SignupDraft, now?: number): string | null
  /**
   * 已开课 / 名额已满: the same worker to another course under a new key, on the consent the server recorded
   * for the refused item (no new SMS code or signature). Null when the item is not such an answer.
   */
  switchCourse(key: string, course: QueuedCourse, now?: number): string | null
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
  // Only a new or changed sign-up must reach storage (its caller says so when it cannot); other writes (the
  // course list, the draft, outcomes) stay in memory and are written with the next successful write.
  let must = false
  const guarded: StateStorage = {
    getItem: (n) => storage.getItem(n),
    setItem(n, v) {
      try {
        storage.setItem(n, v)
      } catch (e) {
        if (must) throw e
      }
    },
    removeItem: (n) => storage.removeItem(n)
  }
  const saved = (set: StoreApi<StaffQueueState>['setState'], get: () => StaffQueueState, change: (s: StaffQueueState) => Partial<StaffQueueState>) => {
    must = true
    try {
      savedChange(set, get, change)
    } finally {
      must = false
    }
  }
  const update = (set: StoreApi<StaffQueueState>['setState'], key: string, fn: (i: QueueItem) => QueueItem) =>
    set((s) => ({ items: s.items.map((i) => (i.key === key ? fn(i) : i)) }))
  return createStore<StaffQueueState>()(
    persist(
      (set, get) => ({
        items: [],
        courses: [],
        coursesSyncedAt: null,
        lastCourseId: null,
        draft: null,
        station: null,
        setStation: (station) => set({ station }),
        setCourses: (courses, syncedAt = Date.now()) => set({ courses, coursesSyncedAt: syncedAt }),
        saveDraft: (draft) => set({ draft }),
        pickCourse: (id) => set({ lastCourseId: id }),
        enqueue(draft, now = Date.now()) {
          const key = newKey()
          saved(set, get, (s) => ({ items: [...s.items, itemFrom(draft, key, now)] }))
          return key
        },
        resubmit(key, draft, now = Date.now()) {
          const old = get().items.find((i) => i.key === key)
          if (!old || !EDITABLE.has(old.status)) return null
          const fresh = newKey()
          const history = [...old.history, { key: old.key, status: old.status, message: old.message, course: old.course.title }]
          saved(set, get, (s) => ({ items: s.items.map((i) => (i.key === key ? itemFrom(draft, fresh, now, history) : i)) }))
          return fresh
        },
        switchCourse(key, course, now = Date.now()) {
          const old = get().items.find((i) => i.key === key)
          if (!old || !canSwitchCourse(old)) return null
          const fresh = newKey()
          const history = [...old.history, { key: old.key, status: old.status, message: old.message, course: old.course.title }]
          // the consent the server recorded is the first item's: follow a chain of switches back to it
          const signupKey = old.consent.method === 'prior' ? old.consent.signupKey : old.key
          const draft: SignupDraft = { course, worker: old.worker, consent: { method: 'prior', signupKey } }
          saved(set, get, (s) => ({ items: s.items.map((i) => (i.key === key ? itemFrom(draft, fresh, now, history) : i)) }))
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
        storage: createJSONStorage(() => guarded),
        partialize: (s) =>
          ({ items: s.items, courses: s.courses, coursesSyncedAt: s.coursesSyncedAt, lastCourseId: s.lastCourseId, draft: s.draft, station: s.station }) as unknown as StaffQueueState
      }
    )
  ) as StaffQueueStore
}

/**
 * A change that must reach storage: when the write fails (storage full) the change is undone in memory too
 * and the error goes to the caller, which keeps the form and says so — the phone never shows as saved what
 * a restart would lose.
 */
function savedChange(set: StoreApi<StaffQueueState>['setState'], get: () => StaffQueueState, change: (s: StaffQueueState) => Partial<StaffQueueState>): void {
  const before = get().items
  try {
    set(change)
  } catch (e) {
    try {
      set({ items: before })
    } catch {
      // storage still holds the state before the change
    }
    throw e
  }
}

const stripConsent = (c: QueuedConsent): QueuedConsent =>
  c.method === 'sms' ? { method: 'sms', code: '' } : c.method === 'prior' ? c : { method: 'signature', uploadId: c.uploadId }

/** The server refused the course, not the worker: it recorded the consent, so another course can be tried on it. */
export function canSwitchCourse(i: QueueItem): boolean {
  return (i.status === 'course_full' || i.status === 'invalid') && isCourseClosedCode(i.code)
}

/** A signature saved apart from the queue that no item needs any more (uploaded, cancelled or gone). */
export function signatureRefOf(i: QueueItem): string | null {
  return i.consent.method === 'signature' && i.consent.imageRef ? i.consent.imageRef : null
}

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

/**
 * What the banner may say, from what the server confirmed: items still waiting, items it refused that need the
 * staff member, and — only when it has answered every item that was sent — when it answered the last one.
 */
export interface ServerStatus {
  pending: number
  attention: number
  /** time (ms) of the server's last answer, only when nothing waits; null otherwise */
  answeredAt: number | null
}

export function serverStatusOf(items: readonly QueueItem[]): ServerStatus {
  let pending = 0
  let attention = 0
  let last = 0
  let answered = 0
  for (const i of items) {
    if (i.status === 'pending') pending += 1
    else if (EDITABLE.has(i.status)) attention += 1
    if (i.status !== 'pending' && i.status !== 'cancelled' && i.doneAt) {
      answered += 1
      last = Math.max(last, i.doneAt)
    }
  }
  return { pending, attention, answeredAt: pending === 0 && answered > 0 ? last : null }
}

/** The wire form of a queued item (signature uploaded first). */
export function toWire(i: QueueItem): StaffSignupItem | null {
  const c = i.consent
  const consent =
    c.method === 'sms'
      ? { method: 'sms' as const, code: c.code }
      : c.method === 'prior'
        ? { method: 'prior' as const, signupKey: c.signupKey }
        : c.uploadId
          ? { method: 'signature' as const, uploadId: c.uploadId }
          : null
  if (!consent) return null
  return { idempotencyKey: i.key, courseId: i.course.id, worker: i.worker as StaffSignupItem['worker'], consent }
}
