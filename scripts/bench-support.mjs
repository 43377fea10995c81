// What both benches (scripts/bench.mjs, scripts/bench-fanout.mjs) need: a free port, a throwaway PostgreSQL
// server (or BENCH_DATABASE_URL's), a fresh database on it, and the percentile they report.
import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..')

export const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN)

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

/** A PostgreSQL server: BENCH_DATABASE_URL's, or a throwaway cluster (scripts/ensure-postgres.sh). */
export async function postgresServer(prefix = 'zsb-bench-pg-') {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, stop: () => undefined }
  const dir = mkdtempSync(join(os.tmpdir(), prefix))
  const env = { ...process.env, PG_TEST_PORT: process.env.BENCH_PG_PORT ?? String(await freePort()) }
  const r = spawnSync('bash', [join(root, 'scripts/ensure-postgres.sh'), 'start', dir], { env, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`could not start PostgreSQL: ${r.stdout}${r.stderr}`)
  return { url: r.stdout.trim().split('\n').pop(), stop: () => spawnSync('bash', [join(root, 'scripts/ensure-postgres.sh'), 'stop', dir], { env }) }
}

/**
 * A new empty database `name` on the server; its URL. keepExisting: reuse it when it exists (a catalogue of
 * 1 000 000 courses takes minutes to seed; the server seeds only an empty one).
 */
export async function freshDatabase(serverUrl, name, { keepExisting = false } = {}) {
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  const keep = keepExisting && (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount > 0
  if (!keep) {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${name}`)
  }
  await admin.end()
  const u = new URL(serverUrl)
  u.pathname = `/${name}`
  return u.toString()
}
