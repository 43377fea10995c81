/**
 * Test databases. On PGlite, initdb + migrations + the seed cost ~3.5 s of CPU per server, and the suite starts
 * dozens: the first test to need a seeded database builds it once and keeps its image (an uncompressed tar of
 * the data folder) in the temp folder; every later server starts from a copy of that image (~0.8 s). The image is
 * keyed by the day and by the content of everything that shapes it (migrations, seed, search keys, domain
 * tables), so a change to any of them builds a new one. `migrate` and `seed` still run on the opened copy
 * (both find nothing to do), so a stale image could never hide a missing migration.
 * PostgreSQL (`databaseUrl`) is always migrated and seeded for real.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import { openDb, type OpenDbResult } from '../../server/app'
import { todayInChina } from '../../src/domain/format'
import { seededImageFile, sweepImages } from './seeded-images'

const images = new Map<string, Promise<Blob>>()
let swept = false

function readImage(file: string): Buffer | null {
  try {
    const bytes = fs.readFileSync(file)
    const now = new Date()
    fs.utimesSync(file, now, now)
    return bytes
  } catch {
    return null
  }
}

/** The image of a freshly migrated database seeded with `seedCourses` courses (default seed) for `today`. */
export function seededImage(today: string, seedCourses?: number): Promise<Blob> {
  const file = seededImageFile(today, seedCourses)
  let image = images.get(file)
  if (!image) {
    image = (async () => {
      if (!swept) {
        swept = true
        sweepImages()
      }
      const kept = readImage(file)
      if (kept) return new Blob([new Uint8Array(kept)])
      const { db } = await openDb({ today, seedCourses })
      const blob = await db.image!()
      await db.close()
      // written aside and renamed: jest workers building the same image at once never read half a file
      const tmp = `${file}.${process.pid}.${crypto.randomUUID()}`
      fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()))
      fs.renameSync(tmp, file)
      return blob
    })()
    images.set(file, image)
    image.catch(() => images.delete(file))
  }
  return image
}

/**
 * A migrated, seeded database: an in-memory PGlite started from the seeded image, or the PostgreSQL database
 * at `databaseUrl` (migrated and seeded there). The same answer as `openDb` from the server.
 */
export async function openTestDb(opts: { today?: string; databaseUrl?: string; seedCourses?: number } = {}): Promise<OpenDbResult> {
  const today = opts.today ?? todayInChina()
  if (opts.databaseUrl) return openDb({ today, databaseUrl: opts.databaseUrl, seedCourses: opts.seedCourses })
  return openDb({ today, seedCourses: opts.seedCourses, image: await seededImage(today, opts.seedCourses) })
}
