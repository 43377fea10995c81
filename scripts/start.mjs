#!/usr/bin/env node
// `npm start`: build the H5 app if it is missing or older than its sources, then run the API server,
// which serves the H5 and the API on one port (PORT, default 8080) and seeds its database on first start.
import { spawnSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const newest = (dir) => {
  let latest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs)
  }
  return latest
}
const built = 'dist/h5/index.html'
const sourcesChanged = !fs.existsSync(built) || Math.max(newest('src'), newest('config')) > fs.statSync(built).mtimeMs
if (sourcesChanged) {
  console.log('building the H5 app (about 20 s)…')
  const r = spawnSync('npx', ['taro', 'build', '--type', 'h5'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
// The one-command local setup runs with the development adapters (WeChat login and SMS codes without
// WeChat's or an SMS provider's servers). A real deployment sets NODE_ENV=production and the
// credentials in README "Adapters".
if (process.env.NODE_ENV !== 'production') console.log('development adapters: WeChat login and SMS codes are simulated (see README "Adapters")')
const server = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'server/main.ts'], { stdio: 'inherit', env: process.env })
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig))
server.on('exit', (code) => process.exit(code ?? 0))
