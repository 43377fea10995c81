/**
 * Development seed of the demo accounts (never in production): reviewers, station staff and an admin,
 * each an SMS-login user keyed by phone, plus two stations. Idempotent — runs at every development start.
 */
import type { FieldCrypto } from '../crypto'
import type { Db, Queryable } from '../db'
import { newId } from '../crypto'
import { audit } from '../platform'
import { grantRole, type Role } from './index'

export const DEMO_STATIONS = [
  { id: 'stn_yqcq01', name: '阳泉市城区北大街就业服务站', kind: '就业服务站', regionCode: '140302', address: '山西省阳泉市城区北大街 58 号', lat: 37.8601, lng: 113.5712 },
  { id: 'stn_shmh01', name: '上海市闵行区零工市场', kind: '零工市场', regionCode: '310112', address: '上海市闵行区沪闵路 6088 号', lat: 31.1128, lng: 121.3816 }
] as const

export const DEMO_ACCOUNTS: readonly { phone: string; role: Role; regionPrefix?: string; stationId?: string; what: string }[] = [
  { phone: '13800000001', role: 'reviewer', regionPrefix: '1403', what: '审核员（阳泉市）' },
  { phone: '13800000002', role: 'station_staff', stationId: 'stn_yqcq01', what: '就业服务站工作人员（阳泉市城区）' },
  { phone: '13800000003', role: 'admin', what: '管理员' },
  { phone: '13800000004', role: 'reviewer', regionPrefix: '1403', what: '第二位审核员（阳泉市，复核）' },
  { phone: '13800000005', role: 'reviewer', regionPrefix: '31', what: '审核员（上海市）' },
  { phone: '13800000006', role: 'station_staff', stationId: 'stn_shmh01', what: '零工市场工作人员（上海市闵行区）' }
]

/** The user with this phone number; created (SMS login, no profile) when missing so a role can be granted first. */
export async function userIdForPhone(tx: Queryable, crypto: FieldCrypto, phone: string, opts: { create: boolean; now?: Date }): Promise<string | null> {
  const hash = crypto.hmac('phone', phone)
  const found = await tx.query<{ id: string }>('SELECT id FROM users WHERE phone_hash = ANY($1::text[]) AND deleted_at IS NULL', [crypto.hmacs('phone', phone)])
  if (found[0] || !opts.create) return found[0]?.id ?? null
  const id = newId('usr')
  await tx.query(
    `INSERT INTO users (id, phone_hash, phone_enc, login_method, created_at) VALUES ($1, $2, $3, 'sms', $4) ON CONFLICT (phone_hash) DO NOTHING`,
    [id, hash, crypto.encrypt(phone), (opts.now ?? new Date()).toISOString()]
  )
  const [user] = await tx.query<{ id: string }>('SELECT id FROM users WHERE phone_hash = $1', [hash])
  if (user.id === id) await audit(tx, { actor: 'admin-cli', action: 'user.create', objectType: 'user', objectId: id, reason: 'role grant' })
  return user.id
}

export async function seedStations(db: Queryable): Promise<void> {
  for (const s of DEMO_STATIONS) {
    await db.query(
      `INSERT INTO stations (id, name, kind, region_code, address, lat, lng) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
      [s.id, s.name, s.kind, s.regionCode, s.address, s.lat, s.lng]
    )
  }
}

export async function seedDemoAccounts(db: Db, crypto: FieldCrypto): Promise<void> {
  await db.transaction(async (tx) => {
    await seedStations(tx)
    for (const a of DEMO_ACCOUNTS) {
      const userId = (await userIdForPhone(tx, crypto, a.phone, { create: true }))!
      await grantRole(tx, { userId, role: a.role, regionPrefix: a.regionPrefix, stationId: a.stationId, grantedBy: 'dev-seed' })
    }
  })
}

/** The demo 培训机构 account; its institution depends on the seeded catalogue (see server/training/seed.ts). */
export const DEMO_INSTITUTION_PHONE = '13800000007'

/**
 * Grants the demo institution account its institution, chosen by `pick` on first start only: later starts
 * (another "today" picks another institution) keep the first choice.
 */
export async function seedDemoInstitutionAccount(db: Db, crypto: FieldCrypto, pick: (tx: Queryable) => Promise<string | null>): Promise<string | null> {
  return db.transaction(async (tx) => {
    const userId = (await userIdForPhone(tx, crypto, DEMO_INSTITUTION_PHONE, { create: true }))!
    const [mine] = await tx.query<{ institution_id: string }>(
      `SELECT institution_id FROM user_roles WHERE user_id = $1 AND role = 'institution_staff' ORDER BY id LIMIT 1`,
      [userId]
    )
    if (mine) return mine.institution_id
    const institutionId = await pick(tx)
    if (!institutionId) return null
    await grantRole(tx, { userId, role: 'institution_staff', institutionId, grantedBy: 'dev-seed' })
    return institutionId
  })
}
