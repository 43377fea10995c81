/**
 * docs/performance.md is written by the tools that measure (scripts/perf-doc.ts): a run replaces the rows it
 * measured, keeps the rows other tools or earlier runs wrote, and never touches text outside its markers.
 */
import { fanoutRows, readRows, thousands, updateTable } from '../../scripts/perf-doc'

const doc = [
  '# Perf',
  'intro | with a pipe',
  '<!-- generated:budgets:start -->',
  '| budget | bar | latest | when |',
  '|---|---|---|---|',
  '| weapp main package | ≤ 600 KB | 448.4 KB | old |',
  '| claim pre-check | p95 ≤ 50 ms | 12.1 ms | old |',
  '<!-- generated:budgets:end -->',
  'outro',
  '<!-- generated:bench:start -->',
  '<!-- generated:bench:end -->'
].join('\n')
const header = ['budget', 'bar', 'latest', 'when']

test('a run replaces its own rows, keeps the others in place and appends new ones', () => {
  const next = updateTable(doc, {
    section: 'budgets',
    header,
    rows: [
      ['weapp main package', '≤ 600 KB', '447.7 KB', 'new'],
      ['H5 initial JS', '≤ 150 KB gzip', '118.2 KB | gzip', 'new']
    ],
    keyColumns: 1
  })!
  expect(readRows(next, 'budgets')).toEqual([
    ['weapp main package', '≤ 600 KB', '447.7 KB', 'new'],
    ['claim pre-check', 'p95 ≤ 50 ms', '12.1 ms', 'old'],
    ['H5 initial JS', '≤ 150 KB gzip', '118.2 KB \\| gzip', 'new']
  ])
  // outside the markers nothing changed
  expect(next.split('<!-- generated:budgets:start -->')[0]).toBe(doc.split('<!-- generated:budgets:start -->')[0])
  expect(next.split('<!-- generated:budgets:end -->')[1]).toBe(doc.split('<!-- generated:budgets:end -->')[1])
  // running it again changes nothing
  expect(updateTable(next, { section: 'budgets', header, rows: [['H5 initial JS', '≤ 150 KB gzip', '118.2 KB | gzip', 'new']], keyColumns: 1 })).toBe(next)
})

test('an empty section gets its table; a missing section is reported, not invented', () => {
  const next = updateTable(doc, { section: 'bench', header: ['engine', 'courses', 'p95'], rows: [['PGlite', '10 000', '3.6']], keyColumns: 2 })!
  expect(readRows(next, 'bench')).toEqual([['PGlite', '10 000', '3.6']])
  expect(readRows(next, 'budgets')).toHaveLength(2)
  expect(updateTable(doc, { section: 'nope', header, rows: [], keyColumns: 1 })).toBeNull()
})

test('fan-out results become one publish row and one fan-out row per engine', () => {
  const rows = fanoutRows(
    [
      {
        engine: 'postgres',
        subscribers: 100000,
        reached: 48570,
        exact: true,
        publishAll: { n: 5, p50: 16, p95: 31.8 },
        publishDuringFanout: { n: 3, p95: 31.8 },
        fanoutMs: { p50: 9700, max: 13600 }
      }
    ],
    '2026-11-26 05:29 UTC'
  )
  expect(rows.map((r) => r[0])).toEqual(['notice publish request, PostgreSQL, 100 000 subscribers', 'notice fan-out, PostgreSQL, 100 000 subscribers'])
  expect(rows[1][2]).toBe('48 570 reached: 0 inbox rows written, WeChat messages queued p50 9.7 s, max 13.6 s; counts exact')
  expect(thousands(1000000)).toBe('1 000 000')
})
