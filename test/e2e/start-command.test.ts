/**
 * The README's start command (`npm start` → scripts/start.mjs) on a fresh data folder: it must come
 * up, seed, and serve both the H5 app and the API on one port — including the development login.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freePort } from '../support/server'

test('npm start serves the H5 app and a working API on one port', async () => {
  const port = await freePort()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-start-'))
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: path.join(dataDir, 'db') }
  delete env.NODE_ENV // as a person runs it
  const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: path.resolve(__dirname, '../..'), env, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout.on('data', (d) => (log += d))
  child.stderr.on('data', (d) => (log += d))
  try {
    const base = `http://127.0.0.1:${port}`
    const deadline = Date.now() + 80_000
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${log}`)
      const ok = await fetch(`${base}/api/v1/health`).then((r) => r.ok, () => false)
      if (ok) break
      if (Date.now() > deadline) throw new Error(`npm start did not come up:\n${log}`)
      await new Promise((r) => setTimeout(r, 300))
    }
    // the ready line may reach our pipe a moment after the port answers
    for (const until = Date.now() + 5000; !log.includes(`http://localhost:${port}`) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100))
    expect(log).toContain(`http://localhost:${port}`)
    const html = await (await fetch(`${base}/`)).text()
    expect(html).toContain('技能培训掌上办')
    // deep links fall back to the app (browser-history routing)
    expect(await (await fetch(`${base}/pages/courses/index`)).text()).toContain('<div id="app">')
    const health = await (await fetch(`${base}/api/v1/health`)).json()
    expect(health.courses).toBeGreaterThanOrEqual(500)
    // the development SMS adapter lets a person log in locally
    const sms = await fetch(`${base}/api/v1/auth/sms/send`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: '13700001111' }) })
    expect(sms.status).toBe(200)
    expect((await sms.json()).devCode).toMatch(/^\d{6}$/)
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())])
      if (child.exitCode === null) child.kill('SIGKILL')
    }
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
})
