/**
 * The training lifecycle on a real server, shared by the PGlite and PostgreSQL tests: the institution role,
 * its courses, 花名册 and class sessions, rotating check-in codes, check-in, 补签, 结业 and the 职业培训补贴 pre-check.
 */
import { loginByPhone } from './claims-support'
import { loginAs, type TestServer } from './helpers'

export const DEMO_INSTITUTION_PHONE = '13800000007'

/** The demo institution's id and a session token of its staff. */
export async function institutionStaff(server: TestServer): Promise<{ token: string; institutionId: string }> {
  const token = await loginByPhone(server, DEMO_INSTITUTION_PHONE)
  const me = await server.get('/api/v1/institution/me', { token })
  if (me.status !== 200) throw new Error(`institution/me → ${me.status} ${me.text}`)
  return { token, institutionId: me.body.institution.id }
}

export function roleSuite(get: () => TestServer) {
  test('the demo account works for the 阳泉 institution with the most upcoming courses; /institution/me names it, no-store', async () => {
    const server = get()
    const { token, institutionId } = await institutionStaff(server)
    const [busiest] = await server.db.query<{ institution_id: string; name: string }>(
      `SELECT c.institution_id, i.name FROM courses c JOIN institutions i ON i.id = c.institution_id
       WHERE c.region_path @> ARRAY['140300'] AND c.start_date > $1::date
       GROUP BY c.institution_id, i.name ORDER BY count(*) DESC, c.institution_id LIMIT 1`,
      [server.today]
    )
    expect(institutionId).toBe(busiest.institution_id)
    const me = await server.get('/api/v1/institution/me', { token })
    expect(me.body).toEqual({ institution: { id: busiest.institution_id, name: busiest.name } })
    expect(me.headers['cache-control']).toBe('no-store')
    const roles = (await server.get('/api/v1/me', { token })).body.roles
    expect(roles).toEqual([expect.objectContaining({ role: 'institution_staff', institutionId, institutionName: busiest.name })])
  })

  test('workers, station staff, reviewers and admins get 403 in plain Chinese; no session 401', async () => {
    const server = get()
    const tokens = [await loginAs(server, 'ins-plain-worker'), ...(await Promise.all(['13800000002', '13800000001', '13800000003'].map((p) => loginByPhone(server, p))))]
    for (const token of tokens) {
      const res = await server.get('/api/v1/institution/me', { token })
      expect(res.status).toBe(403)
      expect(res.body).toEqual({ code: 'FORBIDDEN', message: '只有培训机构的工作人员可以做这件事' })
    }
    expect((await server.get('/api/v1/institution/me')).status).toBe(401)
  })
}
