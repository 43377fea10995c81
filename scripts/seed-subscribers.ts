/**
 * For scripts/bench-fanout.mjs: `tsx scripts/seed-subscribers.ts seed <n>` migrates the database named by
 * DATABASE_URL (or the PGlite folder DATA_DIR) and bulk-inserts n subscribers (test/support/subscribers.ts);
 * `… check <n> <noticeId>…` prints, as JSON, per notice the inbox rows written for it (none: notices reach
 * inboxes on read), WeChat messages queued / sent and their distinct readers, and the
 * inboxes of a sample of SAMPLE readers spread over 1..n read as the server reads them (entry present exactly
 * when the domain rule says the notice reaches the reader; the read's latency). Run while the server is
 * stopped when on PGlite.
 */
import { resolve } from 'node:path'
import { openDb } from '../server/app'
import { listInbox, registerInboxSource } from '../server/inbox'
import { noticeInboxSource } from '../server/notices/inbox-feed'
import { expectedReached, FANOUT_NOTICE, readerReached, seedSubscribers, subscriberId } from '../test/support/subscribers'

const SAMPLE = 300
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? +s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)].toFixed(2) : null
}

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
      registerInboxSource(noticeInboxSource)
      const [n, ...ids] = args
      const out = []
      for (const id of ids) {
        const [r] = await db.query<Record<string, number>>(
          `SELECT (SELECT count(*)::int FROM inbox_messages WHERE ref_id = $1) AS inbox,
                  (SELECT count(*)::int FROM notifier_outbox WHERE page = $2) AS queued,
                  (SELECT count(DISTINCT user_id)::int FROM notifier_outbox WHERE page = $2) AS readers,
                  (SELECT count(*)::int FROM notifier_outbox WHERE page = $2 AND sent_at IS NOT NULL) AS sent`,
          [id, `/subpackages/notices/detail/index?id=${id}`]
        )
        out.push({ id, ...r })
      }
      // the inboxes of readers spread over the whole range, as GET /me/inbox reads them
      const ms: number[] = []
      let wrong = 0
      for (let k = 0; k < SAMPLE; k++) {
        const i = 1 + Math.floor((k * Number(n)) / SAMPLE)
        const t0 = performance.now()
        const inbox = await listInbox(db, subscriberId(i), { limit: 20 })
        ms.push(performance.now() - t0)
        for (const id of ids) if (inbox.items.some((m) => m.refId === id && m.kind === 'notice') !== readerReached(i, FANOUT_NOTICE)) wrong++
      }
      console.log(JSON.stringify({ notices: out, sample: { readers: SAMPLE, wrong, readP50: pct(ms, 50), readP95: pct(ms, 95) } }))
    } else throw new Error('usage: seed <n> | check <n> <noticeId>…')
  } finally {
    await db.close()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
