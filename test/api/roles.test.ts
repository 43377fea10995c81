/** Roles: demo accounts from the development seed, `roles` on GET /api/v1/me, the admin CLI by phone number. */
import { useAdminCli } from '../support/admin-cli'
import { DEMO } from '../support/api'
import { loginAs, useTestServer } from './helpers'
import { loginByPhone } from './claims-support'

/** kept for tests that import it from here (notices) */
export { loginByPhone }

const server = useTestServer()

describe('roles', () => {
  test('the development seed gives each demo phone its role and scope; a plain worker has none', async () => {
    const expected: Record<string, object> = {
      [DEMO.reviewer]: { role: 'reviewer', regionPrefix: '1403', stationId: null },
      [DEMO.stationStaff]: { role: 'station_staff', regionPrefix: null, stationId: 'stn_yqcq01', stationName: '阳泉市城区北大街就业服务站' },
      [DEMO.admin]: { role: 'admin', regionPrefix: null, stationId: null },
      [DEMO.secondReviewer]: { role: 'reviewer', regionPrefix: '1403' },
      [DEMO.shanghaiReviewer]: { role: 'reviewer', regionPrefix: '31' },
      [DEMO.shanghaiStationStaff]: { role: 'station_staff', stationId: 'stn_shmh01' },
      [DEMO.institutionStaff]: { role: 'institution_staff', regionPrefix: null, stationId: null, institutionId: expect.stringMatching(/^ins_/) }
    }
    // the table names every demo account
    expect(Object.keys(expected).sort()).toEqual(Object.values(DEMO).sort())
    for (const [phone, grant] of Object.entries(expected)) {
      const token = await loginByPhone(server, phone)
      const me = await server.get('/api/v1/me', { token })
      expect(me.status).toBe(200)
      expect(me.body.roles).toEqual([expect.objectContaining(grant)])
    }
    const worker = await loginAs(server, 'plain-worker')
    expect((await server.get('/api/v1/me', { token: worker })).body.roles).toEqual([])
    const [stations] = await server.db.query<{ n: string }>(`SELECT count(*) AS n FROM stations WHERE region_code IN ('140302', '310112')`)
    expect(Number(stations.n)).toBe(2)
  })

  test('a seeded start twice grants nothing twice', async () => {
    const [r] = await server.db.query<{ n: string }>('SELECT count(*) AS n FROM user_roles')
    expect(Number(r.n)).toBe(7)
  })
})

describe('npm run admin', () => {
  const { run } = useAdminCli()

  // each run opens (and on the first, migrates) an embedded database folder, like the real command: slow on a busy machine
  test('grant, list, revoke by phone number; bad input explains itself and changes nothing', async () => {
    expect((await run('grant', '13900001111', 'reviewer')).code).toBe(2)
    expect((await run('grant', '139000011', 'admin')).out).toContain('手机号不正确')
    expect((await run('grant', '13900001111', 'station_staff', 'stn_nope')).out).toContain('没有这个站点')
    expect((await run('list')).out).toContain('没有角色')
    const g = await run('grant', '13900001111', 'reviewer', '1403')
    expect(g).toEqual({ code: 0, out: '已授予 139****1111 reviewer 1403' })
    expect((await run('grant', '13900001111', 'reviewer', '1403')).out).toContain('已有这个角色')
    expect((await run('list', '13900001111')).out).toBe('139****1111\treviewer\t1403')
    expect((await run('revoke', '13900001111', 'reviewer')).out).toContain('已撤销')
    expect((await run('list')).out).toContain('没有角色')
  }, 400_000)
})

describe('production mode', () => {
  test('no demo accounts are seeded; the development routes (clock, notifications, SMS outbox) do not exist', async () => {
    const { buildApp } = await import('../../server/app')
    const { openTestDb } = await import('../support/db')
    const { devNotifier } = await import('../../server/adapters/notifier')
    const { db } = await openTestDb()
    const app = await buildApp({ db, devMode: false, jobs: false, notifier: devNotifier() })
    try {
      await app.listen({ port: 0, host: '127.0.0.1' })
      const address = app.server.address()
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
      const clock = await fetch(`${base}/api/v1/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ days: 5 }) })
      expect(clock.status).toBe(404)
      expect(await clock.json()).toEqual({ code: 'NOT_FOUND', message: expect.any(String) })
      // not registered at all: no /api/v1/dev/* route exists, whatever the method
      for (const [method, url] of [['POST', '/api/v1/dev/clock'], ['GET', '/api/v1/dev/notifications'], ['GET', '/api/v1/dev/sms-outbox']] as const) {
        expect(app.hasRoute({ method, url })).toBe(false)
      }
      const outbox = await fetch(`${base}/api/v1/dev/sms-outbox?phone=13800000000`)
      expect(outbox.status).toBe(404)
      const notifications = await fetch(`${base}/api/v1/dev/notifications`)
      expect(notifications.status).toBe(404)
      const doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> }
      expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/dev/'))).toEqual([])
      const [r] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM user_roles')
      expect(r.n).toBe(0)
      const [c] = await db.query<{ offset_days: number }>('SELECT offset_days FROM dev_clock')
      expect(c.offset_days).toBe(0)
    } finally {
      await app.close()
      await db.close()
    }
  })
})
