/** Starts a real API instance on a fresh in-memory PGlite seeded with the normal seed. */
import type { FastifyInstance } from 'fastify'
import { buildApp, openDb } from '../../server/app'
import type { Db } from '../../server/db'
import { todayInChina } from '../../src/domain/format'

export interface TestServer {
  app: FastifyInstance
  db: Db
  today: string
  get<T = any>(url: string): Promise<{ status: number; body: T; headers: Record<string, unknown> }>
  close(): Promise<void>
}

export async function startTestServer(opts: { staticDir?: string; logger?: Record<string, unknown> } = {}): Promise<TestServer> {
  const today = todayInChina()
  const { db } = await openDb({ today })
  const app = await buildApp({ db, today: () => today, staticDir: opts.staticDir, logger: opts.logger })
  // a real listening port (app.inject's light-my-request pulls an ESM-only dependency jest cannot load)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  return {
    app,
    db,
    today,
    async get(url: string) {
      const res = await fetch(base + url)
      const text = await res.text()
      let body: any = text
      try {
        body = JSON.parse(text)
      } catch {
        /* not JSON */
      }
      return { status: res.status, body, headers: headersOf(res.headers) }
    },
    async close() {
      await app.close()
      await db.close()
    }
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

function headersOf(h: Headers): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  h.forEach((value, key) => {
    out[key] = value
  })
  return out
}

export const HAS_CHINESE = /[\u4e00-\u9fff]/
