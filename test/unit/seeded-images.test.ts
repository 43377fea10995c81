import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sweepImages } from '../support/seeded-images'

test('seeded images unused for 12 h and half-written ones older than 1 h are removed; the rest stay', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-sweep-'))
  try {
    const now = Date.now()
    const put = (name: string, hoursAgo: number) => {
      const file = path.join(dir, name)
      fs.writeFileSync(file, 'x')
      const t = new Date(now - hoursAgo * 3_600_000)
      fs.utimesSync(file, t, t)
    }
    put('zsb-seeded-aaaa-2026-12-07-default.tar', 13)
    put('zsb-seeded-aaaa-2026-12-08-default.tar', 11)
    put('zsb-seeded-bbbb-2026-12-08-20.tar.123.uuid', 2)
    put('zsb-seeded-bbbb-2026-12-08-1.tar.456.uuid', 0.5)
    put('something-else.tar', 48)
    expect(sweepImages(dir, now).sort()).toEqual(['zsb-seeded-aaaa-2026-12-07-default.tar', 'zsb-seeded-bbbb-2026-12-08-20.tar.123.uuid'])
    expect(fs.readdirSync(dir).sort()).toEqual(['something-else.tar', 'zsb-seeded-aaaa-2026-12-08-default.tar', 'zsb-seeded-bbbb-2026-12-08-1.tar.456.uuid'])
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
