/** Throwaway databases and clusters on the test PostgreSQL server (TEST_DATABASE_URL). */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { Client } from 'pg'

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL

/** `describe` when TEST_DATABASE_URL is set, else `describe.skip` with a visible note. */
export function describePostgres(name: string, fn: () => void): void {
  if (TEST_DATABASE_URL) describe(name, fn)
  else {
    console.warn(`skipped (TEST_DATABASE_URL not set): ${name}`)
    describe.skip(name, fn)
  }
}

/** A fresh empty database on the test server; returns its URL and a drop function. */
export async function freshDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(TEST_DATABASE_URL!)
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`
  const admin = new Client({ connectionString: base.toString() })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(base.toString())
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: base.toString() })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    }
  }
}

const SCRIPT = path.resolve(__dirname, '..', '..', 'scripts', 'ensure-postgres.sh')

/** A PostgreSQL cluster of the test's own (so it can be killed without disturbing other tests). */
export function ownCluster(dir: string, port: number) {
  const run = (action: string) => execFileSync('bash', [SCRIPT, action, dir], { env: { ...process.env, PG_TEST_PORT: String(port) }, encoding: 'utf8' })
  return {
    start: () => run('start').trim().split('\n').pop()!,
    /** SIGQUIT-style immediate stop: connections drop as in a crash */
    crash: () => run('crash'),
    resume: () => run('resume'),
    stop: () => run('stop')
  }
}
