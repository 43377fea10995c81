/**
 * Where a publish request's time goes, on PostgreSQL: seeds TRACE_SUBSCRIBERS (default 100 000) readers, starts
 * the real app in this process, and publishes TRACE_PUBLISHES (default 3) notices reaching about half of them;
 * while each one's WeChat push job runs, 3 notices for a region nobody subscribed to. Every statement a publish
 * request sends (its own and pg-boss's job inserts) is timed from the request's async context, with the time
 * the request waited for a pool connection included in the statement's; lock waits are PostgreSQL's own
 * (pg_stat_activity sampled every 5 ms for wait_event_type = 'Lock' on the request's connections is not possible
 * from outside the pool, so the database logs them: log_lock_waits with deadlock_timeout 5 ms on this database).
 *   TRACE_DATABASE_URL=postgres://…/postgres npx tsx scripts/publish-trace.ts
 * Prints per request: total ms, statements (count, ms each, the first words of each) and a summary.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { randomBytes } from 'node:crypto'
import { Client } from 'pg'
import { buildApp, openDb } from '../server/app'
import { createFieldCrypto } from '../server/crypto'
import type { Db, Queryable } from '../server/db'
import { seedSubscribers } from '../test/support/subscribers'

const N = Number(process.env.TRACE_SUBSCRIBERS ?? 100_000)
const PUBLISHES = Number(process.env.TRACE_PUBLISHES ?? 3)
const NOTICE = {
  summary: '阳泉市职业培训补贴申领时间调整，农村转移劳动力培训后 12 个月内都能申请。',
  body: '一、申领时间：取证后 12 个月内。\n二、办理方式：手机上提交，不用跑腿。',
  issuer: '阳泉市人力资源和社会保障局',
  docNumber: '',
  regions: ['1403'],
  tags: ['subsidy:training', 'group:rural_migrant']
}
const QUIET = { ...NOTICE, regions: ['1409'], issuer: '忻州市人力资源和社会保障局', summary: '忻州市秋季培训报名开始，详情见正文。' }

type Trace = { stmts: { sql: string; ms: number; inTx: boolean }[]; txMs?: number }
const als = new AsyncLocalStorage<Trace>()

function traced(q: Queryable, inTx: boolean): Queryable {
  const query = q.query.bind(q)
  q.query = (async (sql: string, params?: unknown[]) => {
    const t = als.getStore()
    const t0 = performance.now()
    try {
      return await query(sql, params)
    } finally {
      t?.stmts.push({ sql: sql.replace(/\s+/g, ' ').trim().slice(0, 70), ms: performance.now() - t0, inTx })
    }
  }) as Queryable['query']
  return q
}

async function main() {
  const base = process.env.TRACE_DATABASE_URL
  if (!base) throw new Error('TRACE_DATABASE_URL (a PostgreSQL server) is required')
  const name = `zsb_trace_${Date.now().toString(36)}`
  const admin = new Client({ connectionString: base })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.query(`ALTER DATABASE ${name} SET log_lock_waits = on`)
  await admin.query(`ALTER DATABASE ${name} SET deadlock_timeout = '5ms'`)
  const url = new URL(base)
  url.pathname = `/${name}`
  const { db } = await openDb({ databaseUrl: url.toString() })
  await seedSubscribers(db, N)
  traced(db, false)
  const transaction = db.transaction.bind(db)
  // the transaction as a whole: BEGIN, the pool's connection, the statements and COMMIT (the WAL flush)
  db.transaction = (async <T>(fn: (tx: Queryable) => Promise<T>) => {
    const t = als.getStore()
    const t0 = performance.now()
    try {
      return await transaction((tx) => fn(traced(tx, true)))
    } finally {
      if (t) t.txMs = (t.txMs ?? 0) + performance.now() - t0
    }
  }) as Db['transaction']
  const app = await buildApp({ db, crypto: createFieldCrypto(randomBytes(32)), devMode: true })
  app.addHook('onRequest', async () => {
    als.enterWith({ stmts: [] })
  })
  // the request's statements: the store of the request's context, taken as the answer goes out
  const results: { kind: string; ms: number; stmts: Trace['stmts']; txMs: number }[] = []
  let last: Trace | undefined
  app.addHook('onSend', async () => {
    last = als.getStore()
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(origin + path, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined })
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  }
  const sent = await call('POST', '/api/v1/auth/sms/send', { phone: '13800000003' })
  const login = await call('POST', '/api/v1/auth/sms/verify', { phone: '13800000003', code: sent.body.devCode })
  const token = login.body.token as string

  const publish = async (kind: string, body: object, title: string) => {
    const t0 = performance.now()
    const r = await call('POST', '/api/v1/admin/notices', { ...body, title }, token)
    const ms = performance.now() - t0
    if (r.status !== 201) throw new Error(`publish → ${r.status} ${JSON.stringify(r.body)}`)
    results.push({ kind, ms, stmts: last?.stmts ?? [], txMs: last?.txMs ?? 0 })
    return r.body.id as string
  }
  for (let i = 0; i < 3; i++) await publish('idle', QUIET, `空闲发布 ${i}`)
  for (let i = 0; i < PUBLISHES; i++) {
    const id = await publish('push', NOTICE, `推送通知 ${i}`)
    for (let k = 0; k < 3; k++) await publish('during push', QUIET, `推送中发布 ${i}-${k}`)
    for (;;) {
      const [n] = await db.query<{ fanout: string }>('SELECT fanout FROM notices WHERE id = $1', [id])
      if (n.fanout === 'done') break
      await new Promise((r) => setTimeout(r, 200))
    }
  }
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]
  for (const kind of ['idle', 'push', 'during push']) {
    const rs = results.filter((r) => r.kind === kind)
    const inTx = rs.map((r) => r.stmts.filter((s) => s.inTx).reduce((a, s) => a + s.ms, 0))
    console.log(
      `${kind}: n ${rs.length}, request p50 ${pct(rs.map((r) => r.ms), 50).toFixed(1)} / p95 ${pct(rs.map((r) => r.ms), 95).toFixed(1)} ms; ` +
        `statements outside the transaction p50 ${pct(rs.map((r) => r.stmts.filter((s) => !s.inTx).reduce((a, s) => a + s.ms, 0)), 50).toFixed(1)} ms; ` +
        `transaction p50 ${pct(rs.map((r) => r.txMs), 50).toFixed(1)} ms (its statements ${pct(inTx, 50).toFixed(1)} ms, BEGIN + COMMIT + connection ${pct(rs.map((r, i) => r.txMs - inTx[i]), 50).toFixed(1)} ms)`
    )
  }
  for (const r of results) {
    console.log(`${r.kind}: ${r.ms.toFixed(1)} ms, ${r.stmts.length} statements (${r.stmts.filter((s) => s.inTx).length} in the transaction), sum ${r.stmts.reduce((a, s) => a + s.ms, 0).toFixed(1)} ms, transaction ${r.txMs.toFixed(1)} ms`)
    for (const s of r.stmts) console.log(`    ${s.ms.toFixed(1).padStart(7)} ms ${s.inTx ? 'tx ' : '   '}${s.sql}`)
  }
  await app.close()
  await db.close()
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`)
  await admin.end()
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
