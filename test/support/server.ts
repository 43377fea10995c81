/**
 * Starts the real API server (`server/main.ts`) as a child process on a fresh temporary data
 * folder and a free port — the same way `npm start` runs it — and stops it afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { todayInChina } from '../../src/domain/format'
import { seededImageFile } from './seeded-images'

export interface RunningServer {
  url: string
  dataDir: string
  /** Everything the server wrote to stdout/stderr, for log assertions (no ID or phone numbers). */
  output: () => string
  stop: () => Promise<void>
}

const ROOT = path.resolve(__dirname, '..', '..')

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

/**
 * The seeded image of today's database (test/support/db.ts builds it for the in-process servers) when there is
 * one: a fresh data folder then starts as its copy (PGLITE_IMAGE) instead of paying initdb, migrations and the
 * seed again (≈ 3–5 s of CPU per start). Only a finished image is used (it is renamed into place when complete).
 */
function imageFor(env: Record<string, string>): Record<string, string> {
  if (env.DATABASE_URL || env.PGLITE_IMAGE !== undefined) return {}
  const file = seededImageFile(todayInChina(), env.SEED_COURSES)
  try {
    // marked as used, so the clean-up of unused images (seeded-images.ts) leaves it for the server to read
    const now = new Date()
    fs.utimesSync(file, now, now)
    return { PGLITE_IMAGE: file }
  } catch {
    return {}
  }
}

export async function startServer(env: Record<string, string> = {}, timeoutMs = 110_000): Promise<RunningServer> {
  const port = await freePort()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-test-'))
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: path.join(dataDir, 'db'), ...imageFor(env), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // its own process group: tsx runs the server in a grandchild, which a kill of `child` alone would orphan
    detached: true
  })
  const killTree = (signal: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), signal)
    } catch {
      child.kill(signal)
    }
  }
  let log = ''
  child.stdout?.on('data', (d) => (log += d))
  child.stderr?.on('data', (d) => (log += d))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`)
    try {
      const res = await fetch(`${url}/api/v1/health`)
      if (res.ok) break
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      killTree('SIGKILL')
      throw new Error(`server did not start in ${timeoutMs} ms:\n${log}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  return {
    url,
    dataDir,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        killTree('SIGTERM')
        let timer: NodeJS.Timeout | undefined
        await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5000)))])
        clearTimeout(timer)
        if (child.exitCode === null) killTree('SIGKILL')
      }
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url)
  if (!res.ok) throw new Error(`${url} → ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/**
 * A real server for the whole test file: started before the first test, stopped after the last.
 * The handle reads like a RunningServer (`server.url`) once the file's tests run. `timeoutMs`: how long the
 * start may take (a busy CI machine can take a minute or more to seed).
 */
export function useLiveServer(env: Record<string, string> = {}, timeoutMs = 110_000): Pick<RunningServer, 'url' | 'output'> {
  let running: RunningServer | undefined
  beforeAll(async () => {
    running = await startServer(env, timeoutMs)
  }, timeoutMs + 10_000)
  afterAll(async () => {
    await running?.stop()
  })
  const live = () => {
    if (!running) throw new Error('server not started yet (use it inside a test)')
    return running
  }
  return {
    get url() {
      return live().url
    },
    output: () => live().output()
  }
}
