/**
 * The staff queue and its sync engine against a scripted server (pure logic, no network): keys made once,
 * kept through retries and restarts, backoff with jitter, per-item outcomes, batch refusal split, auth stop.
 */
import { createStaffQueue, countsOf, type SignupDraft } from '../../src/store/staff-queue'
import { backoffMs, createSyncEngine, type SyncDeps } from '../../src/store/staff-sync'
import { ApiError, NetworkError } from '../../src/services/http'
import type { StaffSignupItem, StaffSignupResultItem } from '../../src/contract/staff'

function memoryStorage() {
  const map = new Map<string, string>()
  return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) }
}

const draft = (n: number, consent: SignupDraft['consent'] = { method: 'sms', code: '123456' }): SignupDraft => ({
  course: { id: 'crs_a', title: '家政服务员' },
  worker: { realName: '张三', idNumber: '140302197803150021', phone: `1380000${String(n).padStart(4, '0')}`, groups: ['rural_migrant'] },
  consent
})

function network(online = true) {
  let listener: ((o: boolean) => void) | null = null
  return {
    online,
    isOnline() {
      return this.online
    },
    onChange(l: (o: boolean) => void) {
      listener = l
      return () => (listener = null)
    },
    set(o: boolean) {
      this.online = o
      listener?.(o)
    }
  }
}

function engine(queue: ReturnType<typeof createStaffQueue>, submit: SyncDeps['submit'], extra: Partial<SyncDeps> = {}) {
  let clock = Date.now()
  const timers: { fn: () => void; at: number }[] = []
  const net = network()
  const e = createSyncEngine({
    queue,
    submit,
    uploadSignature: async (key) => ({ uploadId: `sig_${key.slice(0, 10)}` }),
    network: net,
    now: () => clock,
    random: () => 0.5,
    setTimer: (fn, ms) => {
      const t = { fn, at: clock + ms }
      timers.push(t)
      return t
    },
    clearTimer: (h) => {
      const i = timers.indexOf(h as never)
      if (i >= 0) timers.splice(i, 1)
    },
    baseDelayMs: 1000,
    maxDelayMs: 8000,
    ...extra
  })
  return {
    e,
    net,
    timers,
    advance(ms: number) {
      clock += ms
    },
    get clock() {
      return clock
    }
  }
}

const ok = (items: StaffSignupItem[]): { items: StaffSignupResultItem[] } => ({
  items: items.map((i) => ({ idempotencyKey: i.idempotencyKey, outcome: 'enrolled', enrollmentId: `enr_${i.idempotencyKey.slice(0, 6)}`, message: '已报名' }))
})

test('backoff doubles per attempt up to the cap, with jitter between half and the whole delay', () => {
  expect(backoffMs(1, 1000, 8000, () => 0)).toBe(500)
  expect(backoffMs(1, 1000, 8000, () => 1)).toBe(1000)
  expect(backoffMs(3, 1000, 8000, () => 1)).toBe(4000)
  expect(backoffMs(10, 1000, 8000, () => 1)).toBe(8000)
  for (let a = 1; a < 12; a++) {
    const d = backoffMs(a, 1000, 8000, Math.random)
    expect(d).toBeGreaterThanOrEqual(Math.min(8000, 1000 * 2 ** (a - 1)) / 2)
    expect(d).toBeLessThanOrEqual(8000)
  }
})

test('a key is made once at submit, kept through failed sends and a restart, and only renewed by an edit', async () => {
  const storage = memoryStorage()
  const queue = createStaffQueue(storage)
  const k1 = queue.getState().enqueue(draft(1))
  const k2 = queue.getState().enqueue(draft(2))
  expect(k1).not.toBe(k2)
  const sent: string[][] = []
  let failures = 2
  const { e, advance, timers } = engine(queue, async (items) => {
    sent.push(items.map((i) => i.idempotencyKey))
    if (failures-- > 0) throw new NetworkError('offline')
    return ok(items)
  })
  e.start()
  await e.run()
  expect(queue.getState().items.map((i) => i.attempts)).toEqual([1, 1])
  expect(timers).toHaveLength(1)
  // restart: a new store from the same storage holds the same keys and attempts
  const reloaded = createStaffQueue(storage)
  expect(reloaded.getState().items.map((i) => i.key)).toEqual([k1, k2])
  expect(reloaded.getState().items[0].nextAttemptAt).toBeGreaterThan(Date.now())
  advance(10_000)
  await e.run()
  expect(queue.getState().items.map((i) => i.attempts)).toEqual([2, 2])
  advance(10_000)
  await e.run()
  expect(sent.every((batch) => batch.join() === [k1, k2].join())).toBe(true)
  expect(countsOf(queue.getState().items).enrolled).toBe(2)
  e.stop()
  // finished: the full ID number is no longer kept on the phone
  expect(queue.getState().items[0].worker.idNumber).toBe('1403**********0021')
})

test('per-item outcomes; an edit of a refused item gets a new key and keeps the old answer; cancel only before any send', async () => {
  const queue = createStaffQueue(memoryStorage())
  const keys = [1, 2, 3, 4].map((n) => queue.getState().enqueue(draft(n)))
  const outcomes: StaffSignupResultItem['outcome'][] = ['enrolled', 'already_enrolled', 'course_full', 'invalid']
  const { e } = engine(queue, async (items) => ({
    items: items.map((i, n) => ({ idempotencyKey: i.idempotencyKey, outcome: outcomes[keys.indexOf(i.idempotencyKey)] ?? outcomes[n], message: 'x' }))
  }))
  const fifth = queue.getState().enqueue(draft(5))
  expect(queue.getState().cancel(fifth)).toBe(true)
  await e.run()
  const c = countsOf(queue.getState().items)
  expect(c).toMatchObject({ enrolled: 1, already_enrolled: 1, course_full: 1, invalid: 1, cancelled: 1, pending: 0, total: 5 })
  // enrolled items cannot be "edited" into a second sign-up
  expect(queue.getState().resubmit(keys[0], draft(1))).toBeNull()
  const fresh = queue.getState().resubmit(keys[2], { ...draft(3), course: { id: 'crs_b', title: '育婴员' } })
  expect(fresh).not.toBeNull()
  expect(fresh).not.toBe(keys[2])
  const edited = queue.getState().items.find((i) => i.key === fresh)!
  expect(edited.status).toBe('pending')
  expect(edited.history).toEqual([{ key: keys[2], status: 'course_full', message: 'x', course: '家政服务员' }])
  expect(queue.getState().items).toHaveLength(5)
})

test('an item already sent cannot be cancelled (only the server knows if it went through)', async () => {
  const queue = createStaffQueue(memoryStorage())
  const k = queue.getState().enqueue(draft(1))
  const { e } = engine(queue, async () => {
    throw new NetworkError('timeout')
  })
  await e.run()
  expect(queue.getState().cancel(k)).toBe(false)
  expect(queue.getState().items[0].status).toBe('pending')
})

test('offline: nothing is sent until the network comes back; the online event starts the sync', async () => {
  const queue = createStaffQueue(memoryStorage())
  let calls = 0
  const h = engine(queue, async (items) => {
    calls += 1
    return ok(items)
  })
  h.net.online = false
  h.e.start()
  queue.getState().enqueue(draft(1), h.clock)
  await h.e.run()
  expect(calls).toBe(0)
  h.net.set(true)
  await new Promise((r) => setTimeout(r, 0))
  await h.e.run()
  expect(calls).toBe(1)
  expect(countsOf(queue.getState().items).enrolled).toBe(1)
  h.e.stop()
})

test('a batch the server refuses as malformed is split to find the one bad item; the others go through', async () => {
  const queue = createStaffQueue(memoryStorage())
  const keys = [1, 2, 3].map((n) => queue.getState().enqueue(draft(n)))
  const bad = keys[1]
  const { e } = engine(queue, async (items) => {
    if (items.some((i) => i.idempotencyKey === bad)) throw new ApiError(400, 'VALIDATION_FAILED', '「验证码」格式不正确', 'code')
    return ok(items)
  })
  await e.run()
  const byKey = Object.fromEntries(queue.getState().items.map((i) => [i.key, i.status]))
  expect(byKey).toEqual({ [keys[0]]: 'enrolled', [bad]: 'invalid', [keys[2]]: 'enrolled' })
})

test('signatures are uploaded first (by the item key) and the image is dropped from the phone afterwards', async () => {
  const queue = createStaffQueue(memoryStorage())
  const k = queue.getState().enqueue(draft(1, { method: 'signature', image: 'data:image/png;base64,AAAA' }))
  const uploads: string[] = []
  const seen: StaffSignupItem[] = []
  const { e } = engine(
    queue,
    async (items) => {
      seen.push(...items)
      return ok(items)
    },
    {
      uploadSignature: async (key) => {
        uploads.push(key)
        return { uploadId: 'sig_abc' }
      }
    }
  )
  await e.run()
  expect(uploads).toEqual([k])
  expect(seen[0].consent).toEqual({ method: 'signature', uploadId: 'sig_abc' })
  expect(JSON.stringify(queue.getState().items)).not.toContain('base64')
})

test('401 stops syncing (items stay pending, nothing lost) until the staff member syncs again', async () => {
  const queue = createStaffQueue(memoryStorage())
  queue.getState().enqueue(draft(1))
  let authed = false
  const blocked: string[] = []
  const { e } = engine(
    queue,
    async (items) => {
      if (!authed) throw new ApiError(401, 'UNAUTHENTICATED', '请先登录')
      return ok(items)
    },
    { onBlocked: (r) => blocked.push(r) }
  )
  await e.run()
  expect(blocked).toEqual(['login'])
  expect(queue.getState().items[0]).toMatchObject({ status: 'pending', attempts: 0 })
  authed = true
  await e.syncNow()
  expect(queue.getState().items[0].status).toBe('enrolled')
})
