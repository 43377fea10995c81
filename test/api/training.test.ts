/** The training lifecycle on the embedded database (PGlite); the same suite runs on PostgreSQL in training-postgres.test.ts. */
import { openDb } from '../../server/app'
import { useAdminCli } from '../support/admin-cli'
import { startTestServer, type TestServer } from './helpers'
import { lifecycleSuite, roleSuite } from './training-suite'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => server?.close())

describe('institution role', () => roleSuite(() => server))
describe('training lifecycle', () => lifecycleSuite(() => server))

describe('npm run admin -- grant … institution_staff', () => {
  const { env, run } = useAdminCli()

  test('grants by phone to an existing institution only; list and revoke name it', async () => {
    const { db } = await openDb({ dataDir: env.DATA_DIR, seedCourses: 5 })
    const [ins] = await db.query<{ id: string }>('SELECT id FROM institutions ORDER BY id LIMIT 1')
    await db.close()
    expect((await run('grant', '13900002222', 'institution_staff')).out).toContain('没有这个机构')
    expect((await run('grant', '13900002222', 'institution_staff', 'ins_zzzz')).out).toContain('没有这个机构')
    expect((await run('list')).out).toContain('没有角色')
    expect(await run('grant', '13900002222', 'institution_staff', ins.id)).toEqual({ code: 0, out: `已授予 139****2222 institution_staff ${ins.id}` })
    expect((await run('list', '13900002222')).out).toBe(`139****2222\tinstitution_staff\t${ins.id}`)
    expect((await run('revoke', '13900002222', 'institution_staff')).out).toContain('已撤销')
  }, 400_000)
})
