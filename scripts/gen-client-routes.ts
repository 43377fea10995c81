/**
 * Writes src/services/http/routes.ts: the client's runtime copy of the contract's route table (name, method,
 * URL, auth, idempotent), without the schemas. Run after adding or changing a route in src/contract:
 *   npm run gen:routes
 * test/unit/client-routes.test.ts fails while the file is out of date.
 */
import fs from 'node:fs'
import path from 'node:path'
import { routes } from '../src/contract'

export const ROUTES_FILE = path.resolve(__dirname, '../src/services/http/routes.ts')

export function renderClientRoutes(): string {
  const lines = Object.entries(routes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, r]) => {
      const c = r as { method: string; url: string; auth?: boolean; idempotent?: boolean }
      return `  ${name}: { name: '${name}', method: '${c.method}', url: '${c.url}', auth: ${c.auth === true}, idempotent: ${c.idempotent === true} },`
    })
  return [
    '// Generated from src/contract by scripts/gen-client-routes.ts (npm run gen:routes); do not edit by hand.',
    '// Only method, URL and flags: the schemas stay on the server (see ./route.ts).',
    "import type { RouteTable } from './route'",
    '',
    'export const routes = {',
    ...lines,
    '} as const satisfies RouteTable',
    ''
  ].join('\n')
}

if (require.main === module) {
  fs.writeFileSync(ROUTES_FILE, renderClientRoutes())
  console.log(`wrote ${path.relative(process.cwd(), ROUTES_FILE)} (${Object.keys(routes).length} routes)`)
}
