/**
 * For scripts/bench-fanout.mjs: `tsx scripts/seed-subscribers.ts seed <n>` migrates the database named by
 * DATABASE_URL (or the PGlite folder DATA_DIR) and bulk-inserts n subscribers (test/support/subscribers.ts);
 * `… check <noticeId>…` prints, as JSON, per notice the inbox entries, distinct readers, deliveries and WeChat
 * messages queued / sent, and the reference count. Run while the server is stopped when on PGlite.
 */
import { resolve } from 'node:path'
import { openDb } from '../server/app'
import { expectedReached, seedSubscribers } from '../test/support/subscribers'

async function main() {
  const [mode, ...args] = process.argv.slice(2)
  const databaseUrl = process.env.DATABASE_URL || undefined
  const { db } = await openDb({ databaseUrl, dataDir: databaseUrl ? undefined : resolve(process.env.DATA_DIR ?? '.data/db') })
  try {
    if (mode === 'seed') {
      const n = Number(args[0])
      const t0 = Date.now()
      await seedSubscribers(db, n)
      console.log(JSON.stringify({ seeded: n, expectedReached: expectedReached(n), ms: Date.now() - t0 }))
    } else if (mode === 'check') {
      const out = []
      for (const id of args) {
        const [r] = await db.query<Record<string, number>>(
          `SELECT (SELECT count(*)::int FROM inbox_messages WHERE ref_id = $1 AND kind = 'notice') AS inbox,
                  (SELECT count(DISTINCT user_id)::int FROM inbox_messages WHERE ref_id = $1 AND kind = 'notice') AS readers,
                  (SELECT count(*)::int FROM notice_deliveries WHERE notice_id = $1) AS deliveries,
                  (SELECT count(*)::int FROM notifier_outbox WHERE page = $2) AS queued,
                  (SELECT count(*)::int FROM notifier_outbox WHERE page = $2 AND sent_at IS NOT NULL) AS sent`,
          [id, `/subpackages/notices/detail/index?id=${id}`]
        )
        out.push({ id, ...r })
      }
      console.log(JSON.stringify(out))
    } else throw new Error('usage: seed <n> | check <noticeId>…')
  } finally {
    await db.close()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
