/**
 * The served OpenAPI document says what the server does, and a standard linter (Redocly CLI) finds 0 errors
 * in it. The document is the production one (development routes absent), fetched from a running server.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../../server/app'
import { openTestDb } from '../support/db'
import { routes, type RouteContract } from '../../src/contract'

let doc: any
beforeAll(async () => {
  const { db } = await openTestDb({ seedCourses: 20 })
  // what NODE_ENV=production selects: no development routes or conveniences
  const app = await buildApp({ db, devMode: false, jobs: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const addr = app.server.address()
  const res = await fetch(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/api/v1/openapi.json`)
  expect(res.status).toBe(200)
  doc = await res.json()
  await app.close()
  await db.close()
}, 120_000)

const op = (r: RouteContract) => doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()]
const table = Object.values(routes as Record<string, RouteContract>)

test('no development routes in the production document', () => {
  expect(Object.keys(doc.paths).filter((p) => p.includes('/dev/'))).toEqual([])
  for (const r of table.filter((x) => !x.url.startsWith('/api/v1/dev/'))) expect(op(r)).toBeDefined()
})

test('files, CSV and audio are declared with their real content types, not JSON', () => {
  const produced = table.filter((r) => r.produces)
  expect(produced.map((r) => r.produces).sort()).toEqual(['audio/mpeg', 'audio/mpeg', 'image/jpeg', 'text/csv'])
  for (const r of produced) expect(Object.keys(op(r).responses[String(r.successStatus ?? 200)].content)).toEqual([r.produces])
})

test('the upload has a multipart/form-data request body with its file field', () => {
  const uploads = table.filter((r) => r.multipart)
  expect(uploads.length).toBeGreaterThan(0)
  for (const r of uploads) {
    const body = op(r).requestBody
    expect(body.required).toBe(true)
    expect(body.content['multipart/form-data'].schema.properties.file).toMatchObject({ type: 'string', format: 'binary' })
  }
})

test('Idempotency-Key is required wherever the server requires it; every rate-limited route documents 429 with Retry-After', () => {
  for (const r of table.filter((x) => x.idempotent)) {
    const header = op(r).parameters.find((p: any) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key')
    expect(header?.required).toBe(true)
  }
  for (const r of table.filter((x) => x.rateLimited)) expect(op(r).responses['429'].headers['Retry-After'].required).toBe(true)
})

test('no numeric exclusiveMinimum/exclusiveMaximum (that is OpenAPI 3.1, invalid in 3.0)', () => {
  expect(JSON.stringify(doc)).not.toMatch(/"exclusive(Minimum|Maximum)":-?[0-9]/)
})

test('@redocly/cli lint: 0 errors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zsb-openapi-'))
  try {
    const file = join(dir, 'openapi.json')
    writeFileSync(file, JSON.stringify(doc))
    const out = await new Promise<string>((resolve) => {
      // exits non-zero when there are errors; the JSON report says which
      execFile(process.execPath, [require.resolve('@redocly/cli/bin/cli.js'), 'lint', file, '--format=json'], { maxBuffer: 32 << 20 }, (_err, stdout) =>
        resolve(stdout)
      )
    })
    const report = JSON.parse(out.slice(out.indexOf('{')))
    const errors = report.problems.filter((p: { severity: string }) => p.severity === 'error').map((p: any) => `${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer}`)
    expect(errors).toEqual([])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}, 120_000)
