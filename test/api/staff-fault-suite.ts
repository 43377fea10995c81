/**
 * Exactly once through a bad network (DESIGN §5 "no lost work"): 1 000 sign-ups queued on a client — the real
 * queue and sync code, in Node — synced through a proxy in front of the real server that drops 30 % of
 * requests, drops 10 % of responses after the server processed them, delays some by seconds and sends some
 * twice. Afterwards the server holds exactly one record per item, exactly the available seats are taken
 * (every other item of the full course is 名额已满), no enrollment is doubled, the workers got one SMS each,
 * and every item's outcome on the client equals the server's. Then a restart in the middle of a sync:
 * the persisted queue is reloaded with the same keys and finishes without duplicates.
 * One file per engine (staff-fault.test.ts on the embedded database, staff-fault-postgres.test.ts on PostgreSQL
 * with TEST_DATABASE_URL), so jest runs them side by side.
 */
import { createStaffQueue, countsOf, type QueueItem } from '../../src/store/staff-queue'
import { createSyncEngine, type SyncEngine } from '../../src/store/staff-sync'
import { createHttpClient, type Transport } from '../../src/services/http'
import type { StaffSignupBatchResult, SignatureUploadResult, StaffSignupItem } from '../../src/contract/staff'
import { startLossyProxy, seededRandom, type LossyProxy } from '../support/lossy-proxy'
import { openCourse, startTestServer, type TestServer } from './helpers'
import { signaturePng, staffLogin, walkIn } from './staff-helpers'

const fetchTransport: Transport = async (req) => {
  const res = await fetch(req.url, {
    method: req.method,
    headers: req.headers,
    body: req.body === undefined ? undefined : JSON.stringify(req.body),
    signal: AbortSignal.timeout(req.timeoutMs)
  })
  const text = await res.text()
  let data: unknown = text
  try {
    data = JSON.parse(text)
  } catch {
    /* not JSON */
  }
  return { status: res.status, data }
}

/** The phone's storage (H5's localStorage): the queue under its key, each signature under a key of its own. */
type PhoneStorage = ReturnType<typeof memoryStorage>
function memoryStorage() {
  const map = new Map<string, string>()
  return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) }
}

/** As the sign-up form does (signature-store.h5.ts): the PNG saved apart, the queued item holding only its ref. */
function saveSignature(storage: PhoneStorage, n: number, image: string): { method: 'signature'; imageRef: string } {
  const imageRef = `zsb.signature.${n}`
  storage.setItem(imageRef, image)
  return { method: 'signature', imageRef }
}

/** The client side as the app wires it (src/subpackages/staff/runtime.ts), but with Node's fetch and no UI. */
/**
 * The client's time-out. The proxy's delays straddle it (0.4–1.2 × it, so about a quarter of the delayed requests
 * reach the server after the client gave up and sent them again): FAULT_TIMEOUT_MS scales both together.
 */
const TIMEOUT_MS = Number(process.env.FAULT_TIMEOUT_MS ?? 2500)

function client(baseUrl: string, token: string, queue: ReturnType<typeof createStaffQueue>, storage: PhoneStorage, timeoutMs = TIMEOUT_MS): SyncEngine {
  const http = createHttpClient({ baseUrl, transport: fetchTransport, timeoutMs, maxRetries: 0 })
  const auth = { Authorization: `Bearer ${token}` }
  return createSyncEngine({
    queue,
    submit: (items: StaffSignupItem[]) => http.post<StaffSignupBatchResult>('/api/v1/staff/signups', { items }, { headers: auth }),
    uploadSignature: (idempotencyKey, image) => http.post<SignatureUploadResult>('/api/v1/staff/consents/signature', { idempotencyKey, image }, { headers: auth }),
    signatures: { read: async (ref) => storage.getItem(ref), remove: (ref) => storage.removeItem(ref) },
    network: { isOnline: () => true, onChange: () => () => undefined },
    batchSize: 10,
    baseDelayMs: 50,
    maxDelayMs: 400
  })
}

async function drain(queue: ReturnType<typeof createStaffQueue>, engine: SyncEngine, limitMs: number) {
  const deadline = Date.now() + limitMs
  let report = Date.now() + 30_000
  engine.start()
  while (queue.getState().items.some((i) => i.status === 'pending')) {
    if (Date.now() > report) {
      report = Date.now() + 30_000
      process.stdout.write(`[drain] ${JSON.stringify(countsOf(queue.getState().items))}\n`)
    }
    if (Date.now() > deadline) throw new Error(`not drained in ${limitMs} ms: ${JSON.stringify(countsOf(queue.getState().items))}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  engine.stop()
}

interface ServerRow {
  idempotency_key: string
  outcome: string
  enrollment_id: string | null
  course_id: string
}

export function faultSuite(engineName: string, databaseUrl?: string): void {
  describe(`staff sign-up exactly once through a lossy network (${engineName})`, () => {
    let server: TestServer
    let proxy: LossyProxy
    let staff: { token: string; stationId: string }
    const run = Math.floor(Math.random() * 1e6)
    beforeAll(async () => {
      server = await startTestServer({ databaseUrl })
      staff = await staffLogin(server, '13800000002')
      proxy = await startLossyProxy({ target: server.base, dropRequest: 0.3, dropResponse: 0.1, delay: 0.03, delayMs: [0.4 * TIMEOUT_MS, 1.2 * TIMEOUT_MS], duplicate: 0.05, seed: run })
    })
    afterAll(async () => {
      await proxy?.close()
      await server?.close()
    })

    test('1 000 sign-ups: exactly the seats, none doubled, client outcomes = server records', async () => {
      const started = new Date(Date.now() - 1000).toISOString()
      const full = await openCourse(server.db, server.today, { seats: 600, skip: 11, schedule: ['evening'] })
      const open = await openCourse(server.db, server.today, { seats: 400, skip: 12, schedule: ['weekend'], startInDays: 120 })
      const image = await signaturePng(1)
      const random = seededRandom(run)
      const drafts: { course: string; n: number }[] = []
      for (let n = 0; n < 700; n++) drafts.push({ course: full, n })
      for (let n = 700; n < 980; n++) drafts.push({ course: open, n })
      // 20 workers signed up twice for the same course (two staff taps, two keys): one 已报过名 each
      for (let n = 700; n < 720; n++) drafts.push({ course: open, n })
      for (let i = drafts.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1))
        ;[drafts[i], drafts[j]] = [drafts[j], drafts[i]]
      }
      const storage = memoryStorage()
      const queue = createStaffQueue(storage)
      drafts.forEach((d, i) => queue.getState().enqueue({ course: { id: d.course, title: '课程' }, worker: walkIn(run, d.n), consent: saveSignature(storage, i, image) }))
      expect(queue.getState().items).toHaveLength(1000)

      const t0 = Date.now()
      await drain(queue, client(proxy.url, staff.token, queue, storage), 840_000)
      const seconds = (Date.now() - t0) / 1000
      const items = queue.getState().items
      const counts = countsOf(items)
      // the faults really happened
      expect(proxy.stats.droppedRequests).toBeGreaterThan(200)
      expect(proxy.stats.droppedResponses).toBeGreaterThan(50)
      expect(proxy.stats.delayed).toBeGreaterThan(10)
      expect(proxy.stats.duplicated).toBeGreaterThan(20)

      expect(counts).toMatchObject({ pending: 0, enrolled: 600 + 280, course_full: 100, already_enrolled: 20, invalid: 0, total: 1000 })
      const keys = items.map((i) => i.key)
      const rows = await server.db.query<ServerRow>(
        'SELECT idempotency_key, outcome, enrollment_id, course_id FROM station_signups WHERE idempotency_key = ANY($1::text[])',
        [keys]
      )
      expect(rows).toHaveLength(1000)
      const byKey = new Map(rows.map((r) => [r.idempotency_key, r]))
      const mismatched = items.filter((i: QueueItem) => {
        const r = byKey.get(i.key)
        return !r || r.outcome !== i.status || (r.enrollment_id ?? undefined) !== i.enrollmentId
      })
      expect(mismatched).toHaveLength(0)

      const enrollmentIds = rows.map((r) => r.enrollment_id).filter((id): id is string => !!id)
      expect(new Set(enrollmentIds).size).toBe(880)
      const perCourse = await server.db.query<{ course_id: string; n: number; users: number }>(
        `SELECT course_id, count(*)::int AS n, count(DISTINCT user_id)::int AS users FROM enrollments
         WHERE id = ANY($1::text[]) AND status = 'registered' GROUP BY course_id ORDER BY course_id`,
        [enrollmentIds]
      )
      expect(Object.fromEntries(perCourse.map((c) => [c.course_id, [c.n, c.users]]))).toEqual({ [full]: [600, 600], [open]: [280, 280] })
      // no enrollment outside the records (a duplicate would have no record of its own)
      const seats = await server.db.query<{ id: string; seats_left: number }>('SELECT id, seats_left FROM courses WHERE id = ANY($1::text[]) ORDER BY id', [[full, open]])
      expect(Object.fromEntries(seats.map((s) => [s.id, s.seats_left]))).toEqual({ [full]: 0, [open]: 120 })
      const signatures = await server.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM staff_signatures WHERE idempotency_key = ANY($1::text[])`,
        [keys]
      )
      expect(signatures[0].n).toBe(1000)
      // one "you were signed up" SMS per enrolled worker — replays send none
      const sms = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sms_outbox WHERE created_at >= $1 AND text LIKE '%已为你报名%'`, [started])
      expect(sms[0].n).toBe(880)
      // no personal number left on the phone for finished sign-ups, and no signature once uploaded
      expect(items.filter((i) => i.status === 'enrolled').every((i) => i.worker.idNumber.includes('*'))).toBe(true)
      expect([...storage.map.keys()].filter((k) => k.startsWith('zsb.signature.'))).toEqual([])
      console.log(
        `[fault ${engineName}] 1000 items in ${seconds.toFixed(1)} s; proxy ${JSON.stringify(proxy.stats)}; outcomes ${JSON.stringify(counts)}`
      )
    }, 900_000)

    test('a restart in the middle of a sync: the reloaded queue keeps its keys and finishes with no duplicate', async () => {
      const course = await openCourse(server.db, server.today, { seats: 100, skip: 13, schedule: ['weekday_day'], startInDays: 150 })
      const storage = memoryStorage()
      // the first process sees the phone's storage until it is killed; after that nothing it does reaches the phone
      // (the answers of its requests in flight still change the server)
      let killed = false
      const firstView: PhoneStorage = {
        map: storage.map,
        getItem: (k) => storage.getItem(k),
        setItem: (k, v) => void (killed || storage.setItem(k, v)),
        removeItem: (k) => void (killed || storage.removeItem(k))
      }
      const first = createStaffQueue(firstView)
      const image = await signaturePng(2)
      for (let n = 2000; n < 2040; n++) first.getState().enqueue({ course: { id: course, title: '课程' }, worker: walkIn(run, n), consent: saveSignature(firstView, n, image) })
      const keysBefore = first.getState().items.map((i) => i.key)
      const engine = client(proxy.url, staff.token, first, firstView)
      engine.start()
      // let some batches through, then "kill the app" while requests are in flight
      const deadline = Date.now() + 60_000
      while (countsOf(first.getState().items).enrolled < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      engine.stop()
      killed = true
      const inFlight = [...engine.inFlight()]
      const persisted = JSON.parse(storage.map.get('zsb.staff-queue')!).state.items as QueueItem[]
      expect(persisted.some((i) => i.status === 'pending')).toBe(true)

      // a new process: the store is rebuilt from storage alone
      const reloaded = createStaffQueue(storage)
      expect(reloaded.getState().items.map((i) => i.key)).toEqual(keysBefore)
      await drain(reloaded, client(proxy.url, staff.token, reloaded, storage), 120_000)
      const items = reloaded.getState().items
      expect(countsOf(items)).toMatchObject({ enrolled: 40, pending: 0 })
      const rows = await server.db.query<ServerRow>('SELECT idempotency_key, outcome, enrollment_id, course_id FROM station_signups WHERE idempotency_key = ANY($1::text[])', [keysBefore])
      expect(rows).toHaveLength(40)
      const enrolled = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM enrollments WHERE course_id = $1 AND status = 'registered'`, [course])
      expect(enrolled[0].n).toBe(40)
      console.log(`[restart ${engineName}] stopped with ${inFlight.length} in flight; reloaded and finished 40/40`)
    }, 180_000)
  })
}
