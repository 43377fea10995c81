/**
 * The docs stay a house a newcomer can find their way in: the README stays short enough to read (≤ 300 lines;
 * details belong in docs/), no relative link in the README or docs/ leads nowhere, and code comments explain
 * why instead of pointing at a tracker that is not in the repository (no issue numbers).
 */
import fs from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', '.data', '.jest-cache', 'test-output', 'coverage'])

function walk(dir: string, keep: (file: string) => boolean, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) walk(full, keep, out)
    else if (keep(full)) out.push(full)
  }
  return out
}

const rel = (file: string) => path.relative(ROOT, file)
const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length

/** Relative link targets of a markdown file: inline links and images, and reference definitions. */
export function relativeLinks(markdown: string): { target: string; line: number }[] {
  const links: { target: string; line: number }[] = []
  // fenced code blocks show commands, not links
  const text = markdown.replace(/```[\s\S]*?```/g, (block) => block.replace(/[^\n]/g, ' '))
  const patterns = [/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g, /^[ \t]*\[[^\]]+\]:[ \t]*<?(\S+?)>?(?:[ \t]+"[^"]*")?[ \t]*$/gm]
  for (const re of patterns) {
    for (const m of text.matchAll(re)) {
      const target = m[1]
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('//')) continue
      links.push({ target, line: lineOf(text, m.index ?? 0) })
    }
  }
  return links
}

/** The lines where a file's comments cite an issue number (the word, an optional "#", digits). */
export function issueCitations(source: string, ext: string): number[] {
  const cites = new RegExp(['iss', 'ue', '\\s?#?\\d+'].join(''), 'i')
  const comments =
    ext === '.sh' || ext === '.yml' || ext === '.yaml'
      ? /(^|\s)#[^\n]*/g
      : ext === '.css'
        ? /\/\*[\s\S]*?\*\//g
        : /\/\*[\s\S]*?\*\/|\/\/[^\n]*/g
  const lines: number[] = []
  for (const m of source.matchAll(comments)) {
    const hit = cites.exec(m[0])
    if (hit) lines.push(lineOf(source, (m.index ?? 0) + hit.index))
  }
  return lines
}

test('README.md is at most 300 lines (details belong in docs/)', () => {
  const lines = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').replace(/\n$/, '').split('\n').length
  expect(lines).toBeLessThanOrEqual(300)
})

test('every relative link in README.md, CHANGELOG.md and docs/**/*.md points at a file that exists', () => {
  const files = [path.join(ROOT, 'README.md'), path.join(ROOT, 'CHANGELOG.md'), ...walk(path.join(ROOT, 'docs'), (f) => f.endsWith('.md'))].filter((f) =>
    fs.existsSync(f)
  )
  expect(files.length).toBeGreaterThan(1)
  const broken: string[] = []
  for (const file of files) {
    for (const { target, line } of relativeLinks(fs.readFileSync(file, 'utf8'))) {
      const pathPart = decodeURI(target.split('#')[0].split('?')[0])
      if (!pathPart) continue
      const resolved = pathPart.startsWith('/') ? path.join(ROOT, pathPart) : path.resolve(path.dirname(file), pathPart)
      if (!fs.existsSync(resolved)) broken.push(`${rel(file)}:${line} → ${target}`)
    }
  }
  expect(broken).toEqual([])
})

test('no code comment in src, server, test, scripts or config cites an issue number', () => {
  const exts = new Set(['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.css', '.sh'])
  const files = ['src', 'server', 'test', 'scripts', 'config'].flatMap((d) => walk(path.join(ROOT, d), (f) => exts.has(path.extname(f))))
  expect(files.length).toBeGreaterThan(50)
  const found: string[] = []
  for (const file of files) {
    for (const line of issueCitations(fs.readFileSync(file, 'utf8'), path.extname(file))) found.push(`${rel(file)}:${line}`)
  }
  expect(found).toEqual([])
})

test('the checks themselves catch what they are for', () => {
  expect(relativeLinks('see [a](docs/a.md#x), [b](https://x.cn), [c](#top), ![i](img/p.png)\n```\n[d](no.md)\n```\n[r]: ../r.md')).toEqual([
    { target: 'docs/a.md#x', line: 1 },
    { target: 'img/p.png', line: 1 },
    { target: '../r.md', line: 5 }
  ])
  const citing = ['// see iss', 'ue 12 for why\nconst a = 1 /* Iss', 'ue #7 */\nconst url = "issues/12"'].join('')
  expect(issueCitations(citing, '.ts')).toEqual([1, 2])
  expect(issueCitations(['# iss', 'ue 3\necho ok'].join(''), '.sh')).toEqual([1])
  expect(issueCitations('// says why, not where\nconst s = "text"', '.ts')).toEqual([])
})
