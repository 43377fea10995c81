/** Starts the API (and the built H5 app when present): `npx tsx server/main.ts`. */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { buildApp, openDb } from './app'
import { DataKeyError } from './ops/data-key'

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8080)
  const host = process.env.HOST ?? '0.0.0.0'
  const databaseUrl = process.env.DATABASE_URL || undefined
  const dataDir = databaseUrl ? undefined : resolve(process.env.DATA_DIR ?? '.data/db')
  const seedCourses = process.env.SEED_COURSES ? Number(process.env.SEED_COURSES) : undefined
  if (seedCourses !== undefined && !(Number.isInteger(seedCourses) && seedCourses > 0)) throw new Error('SEED_COURSES must be a positive integer')

  // encrypted ID and phone numbers must survive restarts: never fall back to a per-process key here
  if (databaseUrl && !process.env.DATA_KEY && !process.env.DATA_DIR) {
    throw new Error('With DATABASE_URL, set DATA_KEY (base64 of 32 bytes) or DATA_DIR (where secret.key is kept)')
  }

  // PGLITE_IMAGE: a new (empty) PGlite data folder starts as a copy of this image — a tar of a data folder
  // (`Db.image()`, e.g. a migrated and seeded one) — instead of an empty database; migrations and the seed still
  // run on it. A folder that already holds a database ignores it.
  const imageFile = process.env.PGLITE_IMAGE
  const image = dataDir && imageFile && !existsSync(join(dataDir, 'PG_VERSION')) ? new Blob([new Uint8Array(readFileSync(imageFile))]) : undefined

  const t0 = Date.now()
  const { db, migrations, seed } = await openDb({ dataDir, databaseUrl, seedCourses, image })
  const app = await buildApp({
    db,
    logger: { level: process.env.LOG_LEVEL ?? 'info' },
    staticDir: process.env.STATIC_DIR ?? join(__dirname, '..', 'dist', 'h5'),
    // secret.key (when DATA_KEY is unset) sits next to the PGlite folder; with DATABASE_URL, DATA_KEY is required in production
    dataDir: dataDir ?? (process.env.DATA_DIR ? resolve(process.env.DATA_DIR) : undefined)
  })
  app.log.info(
    { database: databaseUrl ? 'postgres' : dataDir, migrations, seeded: seed.seeded, courses: seed.courses, seedMs: seed.ms, startMs: Date.now() - t0 },
    'database ready'
  )
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down')
    await app.close()
    await db.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  await app.listen({ port, host })
  console.log(`技能培训掌上办 API ready: http://localhost:${port}  (courses: ${seed.courses})`)
}

main().catch((err) => {
  // a wrong data key is the operator's to fix: say so plainly, without a stack
  if (err instanceof DataKeyError) console.error(`Refusing to start: ${err.message}`)
  else console.error(err)
  process.exit(1)
})
