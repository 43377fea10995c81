/**
 * Writes measured numbers into docs/performance.md, between `<!-- generated:<section>:start -->` and
 * `<!-- generated:<section>:end -->`, so that file shows the latest measurement of each thing instead of a
 * hand-kept diary. A section holds one markdown table; rows are keyed by their first `keyColumns` cells:
 * a script replaces the rows it measured and leaves the others (written by other scripts or earlier, narrower
 * runs) as they are. Everything outside the markers is left alone. A missing file or marker is reported and
 * skipped: the measurement itself must not fail because of the docs.
 */
import fs from 'node:fs'
import path from 'node:path'

// relative to the working directory: every script that writes here runs from the repository root
export const PERF_DOC = path.resolve('docs', 'performance.md')

const escapeCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
const splitRow = (line: string): string[] =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim())

export function markers(section: string) {
  return { start: `<!-- generated:${section}:start -->`, end: `<!-- generated:${section}:end -->` }
}

/** The data rows of a section's table (header and separator left out), each as its cells. */
export function readRows(text: string, section: string): string[][] {
  const { start, end } = markers(section)
  const a = text.indexOf(start)
  const b = text.indexOf(end)
  if (a < 0 || b < a) return []
  return text
    .slice(a + start.length, b)
    .split('\n')
    .filter((l) => l.trim().startsWith('|'))
    .slice(2)
    .map(splitRow)
}

export function updateTable(
  text: string,
  opts: { section: string; header: string[]; rows: string[][]; keyColumns: number }
): string | null {
  const { start, end } = markers(opts.section)
  const a = text.indexOf(start)
  const b = text.indexOf(end)
  if (a < 0 || b < a) return null
  const keyOf = (cells: string[]) => cells.slice(0, opts.keyColumns).join('\u0000')
  const fresh = new Map(opts.rows.map((r) => [keyOf(r.map(escapeCell)), r.map(escapeCell)]))
  const merged: string[][] = []
  for (const old of readRows(text, opts.section)) {
    const k = keyOf(old)
    if (fresh.has(k)) {
      merged.push(fresh.get(k)!)
      fresh.delete(k)
    } else merged.push(old)
  }
  merged.push(...fresh.values())
  const table = [
    `| ${opts.header.join(' | ')} |`,
    `|${opts.header.map(() => '---').join('|')}|`,
    ...merged.map((r) => `| ${r.join(' | ')} |`)
  ].join('\n')
  return `${text.slice(0, a + start.length)}\n${table}\n${text.slice(b)}`
}

/** Updates one generated table in docs/performance.md; returns false (and says why) when it could not. */
export function writePerfRows(opts: { section: string; header: string[]; rows: string[][]; keyColumns: number; file?: string }): boolean {
  const file = opts.file ?? process.env.PERF_DOC ?? PERF_DOC
  if (!fs.existsSync(file)) {
    console.log(`perf-doc: ${file} not found; numbers not written`)
    return false
  }
  const next = updateTable(fs.readFileSync(file, 'utf8'), opts)
  if (next === null) {
    console.log(`perf-doc: no generated:${opts.section} markers in ${file}; numbers not written`)
    return false
  }
  fs.writeFileSync(file, next)
  console.log(`perf-doc: ${opts.rows.length} row(s) written to ${path.relative(process.cwd(), file)} (${opts.section})`)
  return true
}

/** `2026-12-07 18:52 UTC` */
export const stamp = (d = new Date()) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`

export const BUDGET_HEADER = ['budget', 'bar', 'latest', 'measured by, when']

const ENGINE_NAMES: Record<string, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' }
/** `100000` → `100 000` (the docs' thousands separator) */
export const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')

interface FanoutResult {
  engine: string
  subscribers: number
  reached: number
  exact: boolean
  publishAll: { n: number; p50: number; p95: number }
  publishDuringFanout: { n: number; p95: number }
  fanoutMs: { p50: number; max: number }
  inboxRead?: { readP95: number | null }
}

/** The notice budgets' rows from `scripts/bench-fanout.mjs` results: one pair per engine and audience size. */
export function fanoutRows(results: FanoutResult[], when: string): string[][] {
  return results.flatMap((r) => {
    const engine = ENGINE_NAMES[r.engine] ?? r.engine
    const by = `\`npm run bench:fanout\`, ${when}`
    return [
      [
        `notice publish request, ${engine}, ${thousands(r.subscribers)} subscribers`,
        'p95 < 100 ms',
        `p50 ${r.publishAll.p50} / p95 ${r.publishAll.p95} ms (${r.publishAll.n} publishes, ${r.publishDuringFanout.n} during a fan-out: p95 ${r.publishDuringFanout.p95} ms)`,
        by
      ],
      [
        `notice fan-out, ${engine}, ${thousands(r.subscribers)} subscribers`,
        'no row per reader at publish; WeChat queue a paced job; every count exact',
        `${thousands(r.reached)} reached: 0 inbox rows written, ${r.inboxRead ? `inbox read p95 ${r.inboxRead.readP95} ms; ` : ''}WeChat messages queued p50 ${(r.fanoutMs.p50 / 1000).toFixed(1)} s, max ${(r.fanoutMs.max / 1000).toFixed(1)} s; counts ${r.exact ? 'exact' : 'WRONG'}`,
        by
      ]
    ]
  })
}
