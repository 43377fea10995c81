import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

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

