/**
 * Starts the real API server (`server/main.ts`) as a child process on a fresh temporary data
 * folder and a free port — the same way `npm start` runs it — and stops it afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

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

export async function startServer(env: Record<string, string> = {}, timeoutMs = 110_000): Promise<RunningServer> {
  const port = await freePort()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-test-'))
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: path.join(dataDir, 'db'), ...env },
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
 * The handle reads like a RunningServer (`server.url`) once the file's tests run.
 */
export function useLiveServer(env: Record<string, string> = {}): Pick<RunningServer, 'url' | 'output'> {
  let running: RunningServer | undefined
  beforeAll(async () => {
    running = await startServer(env, 110_000) // a busy CI machine can take a minute to seed
  }, 120_000)
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
