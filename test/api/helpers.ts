/** Starts a real API instance on a fresh in-memory PGlite seeded with the normal seed. */
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app'
import { openTestDb } from '../support/db'
import { clientFor, login, validIdNumber, worker, type Answer, type RequestOptions } from '../support/api'
import type { Db } from '../../server/db'
import type { Adapters, CertificateRegistry } from '../../server/adapters'
import { todayInChina } from '../../src/domain/format'

export type { RequestOptions } from '../support/api'
/** The answer of a test request (status, parsed body, headers, raw text). */
export type TestResponse<T = any> = Omit<Answer<T>, 'ms'> & { ms?: number }

export interface TestServer {
  app: FastifyInstance
  db: Db
  today: string
  base: string
  get<T = any>(url: string, opts?: RequestOptions): Promise<TestResponse<T>>
  post<T = any>(url: string, body?: unknown, opts?: RequestOptions): Promise<TestResponse<T>>
  put<T = any>(url: string, body?: unknown, opts?: RequestOptions): Promise<TestResponse<T>>
  delete<T = any>(url: string, opts?: RequestOptions): Promise<TestResponse<T>>
  close(): Promise<void>
}

export async function startTestServer(
  opts: { staticDir?: string; logger?: Record<string, unknown>; now?: () => Date; adapters?: Adapters; databaseUrl?: string; certificateRegistry?: CertificateRegistry } = {}
): Promise<TestServer> {
  const today = todayInChina()
  // a fresh in-memory PGlite, or the PostgreSQL server given by databaseUrl
  const { db } = await openTestDb({ today, databaseUrl: opts.databaseUrl })
  const app = await buildApp({ db, today: () => today, now: opts.now, adapters: opts.adapters, staticDir: opts.staticDir, logger: opts.logger, certificateRegistry: opts.certificateRegistry })
  // a real listening port (app.inject's light-my-request pulls an ESM-only dependency jest cannot load)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  const api = clientFor(base)
  return {
    app,
    db,
    today,
    base,
    get: api.get,
    post: api.post,
    put: api.put,
    delete: api.delete,
    async close() {
      await app.close()
      await db.close()
    }
  }
}

/**
 * The server fixture: one in-process server for the whole test file, started before its first test and closed
 * after its last. The handle reads like a TestServer inside tests (`server.get(…)`, `server.db`, `server.today`).
 */
export function useTestServer(opts: Parameters<typeof startTestServer>[0] = {}): TestServer {
  let running: TestServer | undefined
  beforeAll(async () => {
    running = await startTestServer(opts)
  }, 180_000)
  afterAll(async () => {
    await running?.close()
  })
  const live = (): TestServer => {
    if (!running) throw new Error('server not started yet (use it inside a test or a hook)')
    return running
  }
  return {
    get app() {
      return live().app
    },
    get db() {
      return live().db
    },
    get today() {
      return live().today
    },
    get base() {
      return live().base
    },
    get: (url, o) => live().get(url, o),
    post: (url, body, o) => live().post(url, body, o),
    put: (url, body, o) => live().put(url, body, o),
    delete: (url, o) => live().delete(url, o),
    close: () => live().close()
  }
}

/** Every course row, as the reference for brute-force checks. */
export interface RefCourse {
  id: string
  category: string
  occupation_code: string
  training_type: string
  level: string
  mode: string
  schedule: string[]
  subsidized: boolean
  seats_left: number
  institution_id: string
  region_path: string[]
  start_date: string
  end_date: string
  allow_late_join: boolean
  lat: number
  lng: number
  title: string
  occupation_name: string
  ins_name: string
}

export async function allCourses(db: Db): Promise<RefCourse[]> {
  return db.query<RefCourse>(`SELECT c.id, c.category, c.occupation_code, c.training_type, c.level, c.mode, c.schedule, c.subsidized,
      c.seats_left, c.institution_id, c.region_path, c.start_date::text AS start_date, c.end_date::text AS end_date,
      c.allow_late_join, c.lat, c.lng, c.title, c.occupation_name, i.name AS ins_name
    FROM courses c JOIN institutions i ON i.id = c.institution_id`)
}

/** Walks every page of a list query; fails on a repeated id. */
export async function walkPages(server: TestServer, url: string, maxPages = 500): Promise<any[]> {
  const items: any[] = []
  const seen = new Set<string>()
  let cursor: string | null = null
  for (let page = 0; page < maxPages; page++) {
    const sep = url.includes('?') ? '&' : '?'
    const res: { status: number; body: any } = await server.get(cursor ? `${url}${sep}cursor=${encodeURIComponent(cursor)}` : url)
    if (res.status !== 200) throw new Error(`${url} → ${res.status} ${JSON.stringify(res.body)}`)
    for (const item of res.body.items) {
      if (seen.has(item.id)) throw new Error(`duplicate ${item.id} on page ${page}`)
      seen.add(item.id)
      items.push(item)
    }
    cursor = res.body.nextCursor
    if (!cursor) return items
  }
  throw new Error('too many pages')
}

/** Great-circle distance on the sphere PostgreSQL's earthdistance uses (radius 6378168 m), km. */
export function earthKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const toRad = (d: number) => (d * Math.PI) / 180
  const h = Math.sin(toRad(b.lat - a.lat) / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(toRad(b.lng - a.lng) / 2) ** 2
  return 2 * 6378.168 * Math.asin(Math.min(1, Math.sqrt(h)))
}

export const HAS_CHINESE = /[\u4e00-\u9fff]/

export { validIdNumber }

/** Logs in through the dev WeChat adapter (`dev:<name>` → a stable openid). Same as `login(server, name)`. */
export const loginAs = (server: TestServer, name: string): Promise<string> => login(server, name)

/** Logged in, consented, with a profile complete enough to sign up. Same as `worker(server, name, n)`. */
export const readyWorker = (server: TestServer, name: string, n = 1): Promise<string> => worker(server, name, n)

/** Makes a seeded course open for sign-up: future start, `seats` seats, given schedule. */
export async function openCourse(
  db: Db,
  today: string,
  opts: { seats?: number; startInDays?: number; lengthDays?: number; schedule?: string[]; skip?: number } = {}
): Promise<string> {
  const [row] = await db.query<{ id: string }>('SELECT id FROM courses ORDER BY id OFFSET $1 LIMIT 1', [opts.skip ?? 0])
  const start = addDaysIso(today, opts.startInDays ?? 10)
  const end = addDaysIso(start, opts.lengthDays ?? 20)
  await db.query(
    `UPDATE courses SET seats_total = $2, seats_left = $2, start_date = $3, end_date = $4, schedule = $5, allow_late_join = false WHERE id = $1`,
    [row.id, opts.seats ?? 30, start, end, opts.schedule ?? ['evening']]
  )
  return row.id
}

export function addDaysIso(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}
