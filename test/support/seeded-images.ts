/**
 * The seeded PGlite images in the temp folder (built by test/support/db.ts): their file names, and their removal
 * when unused. No server code here, so a test that only starts a server process can look an image up cheaply.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..', '..')
const SHAPING = ['server/db', 'server/seed', 'server/search', 'src/domain']

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort()
}

let shapeHash: string | undefined
/** A hash of everything that shapes a seeded database: migrations, seed, search keys, domain tables. */
function shape(): string {
  if (!shapeHash) {
    const h = crypto.createHash('sha256')
    for (const dir of SHAPING) for (const f of filesUnder(path.join(ROOT, dir))) h.update(path.relative(ROOT, f)).update(fs.readFileSync(f))
    shapeHash = h.digest('hex').slice(0, 16)
  }
  return shapeHash
}

/** Where the image of a database migrated and seeded for `today` with `seedCourses` (default seed) is kept. */
export function seededImageFile(today: string, seedCourses?: number | string): string {
  return path.join(os.tmpdir(), `zsb-seeded-${shape()}-${today}-${seedCourses ?? 'default'}.tar`)
}

/** An image unused this long is removed (its shape changed on another branch, or its day is over). */
const UNUSED_MS = 12 * 3_600_000
/** A half-written image left by a killed worker */
const PARTIAL_MS = 3_600_000
/**
 * Images collect in the temp folder (one per day × shape × seed size, ~45–65 MB each, and every branch has its
 * own shape): once per process, the images nobody used for 12 h and the half-written leftovers are removed.
 * "Used" is the file's mtime, which every read refreshes; a reader that loses the race rebuilds the image.
 */
export function sweepImages(dir = os.tmpdir(), now = Date.now()): string[] {
  const removed: string[] = []
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith('zsb-seeded-') || !name.includes('.tar')) continue
    const file = path.join(dir, name)
    try {
      const age = now - fs.statSync(file).mtimeMs
      if (age > (name.endsWith('.tar') ? UNUSED_MS : PARTIAL_MS)) {
        fs.rmSync(file, { force: true })
        removed.push(name)
      }
    } catch {
      // removed by another worker meanwhile
    }
  }
  return removed
}

