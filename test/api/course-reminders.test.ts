/**
 * GET /api/v1/config (subscribe-message template ids from the server's environment) and the 开课提醒 sweep on
 * the embedded database with the development notifier and dev clock.
 */
import { buildApp, openDb } from '../../server/app'
import { CONFIG_MAX_AGE_S } from '../../server/platform/meta-routes'
import { startTestServer, type TestServer } from './helpers'
import { courseStartNotifications, daysToEve, prepare, reminderInbox } from './course-reminders-suite'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => server?.close())

describe('GET /api/v1/config', () => {
  test('development without WX_TEMPLATE_*: fixed development ids, public and cacheable', async () => {
    const res = await server.get('/api/v1/config')
    expect(res.status).toBe(200)
    expect(res.headers['cache-control']).toBe(`public, max-age=${CONFIG_MAX_AGE_S}`)
    expect(res.body).toEqual({
      subscribeTemplates: {
        claimState: 'dev-tpl-claim-state',
        claimReminder: 'dev-tpl-claim-reminder',
        notice: 'dev-tpl-notice',
        certificateReview: 'dev-tpl-certificate-review',
        courseStart: 'dev-tpl-course-start',
        examReminder: 'dev-tpl-exam-reminder'
      }
    })
  })

  test('production: the configured ids, an unset template left out', async () => {
    const { db } = await openDb({ seedCourses: 1 })
    const app = await buildApp({
      db,
      devMode: false,
      jobs: false,
      templateEnv: { WX_TEMPLATE_CLAIM_STATE: 'tpl-A', WX_TEMPLATE_NOTICE: ' tpl-N ', WX_TEMPLATE_COURSE_START: 'tpl-C', WX_TEMPLATE_CLAIM_REMINDER: '' }
    })
    try {
      await app.listen({ port: 0, host: '127.0.0.1' })
      const address = app.server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/config`)
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ subscribeTemplates: { claimState: 'tpl-A', notice: 'tpl-N', courseStart: 'tpl-C' } })
    } finally {
      await app.close()
      await db.close()
    }
  })

  test('is in the OpenAPI document', async () => {
    const doc = (await server.get('/api/v1/openapi.json')).body
    expect(doc.paths['/api/v1/config'].get).toBeDefined()
  })
})

describe('开课提醒', () => {
  test('the day before the start: one inbox reminder and one subscribe message per enrollment, none for the cancelled one, none twice', async () => {
    const f = await prepare(server, ['rem-kept', 'rem-gone'], { skip: 3, n: 41 })
    // two days before the start: nothing yet
    await server.post('/api/v1/dev/clock', { days: (await daysToEve(server, f.start)) - 1 })
    expect(await reminderInbox(server, f.kept.token)).toEqual([])

    const eve = await server.post('/api/v1/dev/clock', { days: await daysToEve(server, f.start) })
    expect(eve.status).toBe(200)
    expect(eve.body.today).toBe(new Date(Date.parse(`${f.start}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10))
    const inbox = await reminderInbox(server, f.kept.token)
    expect(inbox).toHaveLength(1)
    const [, m, d] = f.start.split('-').map(Number)
    expect(inbox[0].title).toBe(`明天开课：${f.title}`)
    expect(inbox[0].body.startsWith(`明天开课：${f.title}，${m}月${d}日 `)).toBe(true)
    const [details] = await server.db.query<{ address: string; schedule_text: string }>('SELECT address, schedule_text FROM course_details WHERE course_id = $1', [f.courseId])
    expect(inbox[0].body).toBe(`明天开课：${f.title}，${m}月${d}日 ${details.schedule_text}，${details.address}`)
    expect(inbox[0].link).toBe(`/pages/course/index?id=${f.courseId}`)
    const sent = await courseStartNotifications(server, f.kept.token)
    expect(sent).toHaveLength(1)
    expect(sent[0].data).toMatchObject({ thing1: f.title, date2: f.start })

    // sweeping again (the dev clock route and the scheduled job both sweep) adds nothing
    await server.app.jobs.runDueWork()
    await server.post('/api/v1/dev/clock', { days: 0 })
    expect(await reminderInbox(server, f.kept.token)).toHaveLength(1)
    expect(await courseStartNotifications(server, f.kept.token)).toHaveLength(1)
    const rows = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM course_start_reminders WHERE enrollment_id = $1', [f.kept.enrollmentId])
    expect(rows[0].n).toBe(1)

    expect(await reminderInbox(server, f.gone.token)).toEqual([])
    expect(await courseStartNotifications(server, f.gone.token)).toEqual([])
  })
})
