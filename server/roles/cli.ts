/**
 * `npm run admin -- grant|revoke|list …` — grants and revokes roles by phone number, on the same database and
 * data key the server uses (DATABASE_URL or DATA_DIR, DATA_KEY). Every change is audited (actor admin-cli).
 *
 *   npm run admin -- grant 13800000009 reviewer 1403
 *   npm run admin -- grant 13800000010 station_staff stn_yqcq01
 *   npm run admin -- grant 13800000012 institution_staff ins_0001
 *   npm run admin -- grant 13800000011 admin
 *   npm run admin -- revoke 13800000009 reviewer [1403]
 *   npm run admin -- list [13800000009]
 *   npm run admin -- rekey     (DATA_KEY=<new> DATA_KEY_PREVIOUS=<old>: everything encrypted moves to the new key)
 *   npm run admin -- audit-verify        (exit 0: the audit chain is intact; 1: names the first broken row)
 */
import { resolve } from 'node:path'
import { connect } from '../db'
import { migrate } from '../db/migrate'
import { createFieldCrypto, loadDataKey, loadPreviousDataKey } from '../crypto'
import { checkDataKey, DataKeyError, rekey } from '../ops/data-key'
import { isMobilePhone, maskPhone } from '../../src/domain/masking'
import { grantRole, revokeRole, ROLES, getStation, institutionExists, type Role } from './index'
import { userIdForPhone } from './seed'
import { verifyAuditChain } from '../integrity'

const USAGE = `用法：
  npm run admin -- grant <手机号> reviewer <地区代码前缀，如 1403>
  npm run admin -- grant <手机号> station_staff <站点编号，如 stn_yqcq01>
  npm run admin -- grant <手机号> institution_staff <机构编号，如 ins_0001>
  npm run admin -- grant <手机号> admin
  npm run admin -- revoke <手机号> <角色> [地区前缀或站点编号]
  npm run admin -- list [手机号]
  npm run admin -- rekey（轮换密钥：DATA_KEY=新密钥 DATA_KEY_PREVIOUS=旧密钥）
  npm run admin -- audit-verify`

export async function runAdmin(argv: string[], env: Record<string, string | undefined> = process.env, out: (line: string) => void = console.log): Promise<number> {
  const [command, phone, roleArg, scope] = argv
  if (command === 'audit-verify') return auditVerify(env, out)
  if (!command || !['grant', 'revoke', 'list', 'rekey'].includes(command)) {
    out(USAGE)
    return 2
  }
  if (phone !== undefined && !isMobilePhone(phone)) {
    out(`手机号不正确：${phone}`)
    return 2
  }
  const role = roleArg as Role | undefined
  if (command !== 'list' && command !== 'rekey' && (!phone || !role || !ROLES.includes(role) || role === 'worker')) {
    out(USAGE)
    return 2
  }
  const databaseUrl = env.DATABASE_URL || undefined
  const dataDir = databaseUrl ? (env.DATA_DIR ? resolve(env.DATA_DIR) : undefined) : resolve(env.DATA_DIR ?? '.data/db')
  if (databaseUrl && !env.DATA_KEY && !env.DATA_DIR) {
    out('使用 DATABASE_URL 时需要设置 DATA_KEY（或 DATA_DIR）')
    return 2
  }
  const db = await connect({ databaseUrl, dataDir: databaseUrl ? undefined : dataDir })
  try {
    await migrate(db)
    const crypto = createFieldCrypto(loadDataKey({ env, dataDir }), loadPreviousDataKey(env))
    try {
      if (command === 'rekey') {
        if (!env.DATA_KEY_PREVIOUS) out('提示：没有设置 DATA_KEY_PREVIOUS，只检查数据是否都已用 DATA_KEY 加密')
        const result = await rekey(db, crypto, out)
        const total = Object.values(result.rewritten).reduce((a, b) => a + b, 0) + Object.values(result.hashes).reduce((a, b) => a + b, 0)
        out(`密钥轮换完成：重新加密或重算 ${total} 项；现在可以去掉 DATA_KEY_PREVIOUS 重启服务`)
        return 0
      }
      await checkDataKey(db, crypto)
    } catch (err) {
      if (!(err instanceof DataKeyError)) throw err
      out(`数据密钥不对（DATA_KEY）：${err.message}`)
      return 2
    }
    if (command === 'list') {
      const rows = await db.query<{ user_id: string; role: string; region_prefix: string | null; station_id: string | null; institution_id: string | null; phone_enc: string | null }>(
        `SELECT r.user_id, r.role, r.region_prefix, r.station_id, r.institution_id, u.phone_enc FROM user_roles r JOIN users u ON u.id = r.user_id
         WHERE ($1::text[] IS NULL OR u.phone_hash = ANY($1::text[])) ORDER BY r.id`,
        [phone ? crypto.hmacs('phone', phone) : null]
      )
      for (const r of rows) out([r.phone_enc ? maskPhone(crypto.decrypt(r.phone_enc)) : r.user_id, r.role, r.region_prefix ?? r.station_id ?? r.institution_id ?? ''].join('\t'))
      if (rows.length === 0) out('（没有角色）')
      return 0
    }
    if (command === 'grant') {
      if (role === 'reviewer' && !/^[1-8][0-9]{1,5}$/.test(scope ?? '')) {
        out('审核员需要地区代码前缀，例如 1403（阳泉市）或 31（上海市）')
        return 2
      }
      if (role === 'station_staff' && !(scope && (await getStation(db, scope)))) {
        out(`没有这个站点：${scope ?? ''}`)
        return 2
      }
      if (role === 'institution_staff' && !(scope && /^ins_[0-9a-z]{1,24}$/.test(scope) && (await institutionExists(db, scope)))) {
        out(`没有这个机构：${scope ?? ''}（机构编号形如 ins_0001）`)
        return 2
      }
      const added = await db.transaction(async (tx) => {
        const userId = (await userIdForPhone(tx, crypto, phone!, { create: true }))!
        return grantRole(tx, {
          userId,
          role: role!,
          regionPrefix: role === 'reviewer' ? scope : null,
          stationId: role === 'station_staff' ? scope : null,
          institutionId: role === 'institution_staff' ? scope : null,
          grantedBy: 'admin-cli'
        })
      })
      out(added ? `已授予 ${maskPhone(phone!)} ${role}${scope ? ` ${scope}` : ''}` : `${maskPhone(phone!)} 已有这个角色`)
      return 0
    }
    const removed = await db.transaction(async (tx) => {
      const userId = await userIdForPhone(tx, crypto, phone!, { create: false })
      return userId
        ? revokeRole(tx, {
            userId,
            role: role!,
            regionPrefix: role === 'reviewer' ? scope : null,
            stationId: role === 'station_staff' ? scope : null,
            institutionId: role === 'institution_staff' ? scope : null,
            revokedBy: 'admin-cli'
          })
        : 0
    })
    out(removed > 0 ? `已撤销 ${maskPhone(phone!)} ${role}（${removed} 项）` : `${maskPhone(phone!)} 没有这个角色`)
    return 0
  } finally {
    await db.close()
  }
}

async function openFromEnv(env: Record<string, string | undefined>) {
  const databaseUrl = env.DATABASE_URL || undefined
  const db = await connect({ databaseUrl, dataDir: databaseUrl ? undefined : resolve(env.DATA_DIR ?? '.data/db') })
  await migrate(db)
  return db
}

/** Recomputes the audit trail's hash chain; exit 0 when intact, 1 naming the first changed or missing row. */
async function auditVerify(env: Record<string, string | undefined>, out: (line: string) => void): Promise<number> {
  const db = await openFromEnv(env)
  try {
    const report = await verifyAuditChain(db)
    if (report.ok) {
      out(`审计日志完整：${report.rows} 行，哈希链无断点${report.lastId ? `（最后一行 ${report.lastId}）` : ''}`)
      return 0
    }
    out(`审计日志被改动：${report.firstBreak!.message}`)
    out(`first broken row: ${report.firstBreak!.id ?? '-'} (${report.firstBreak!.kind})`)
    return 1
  } finally {
    await db.close()
  }
}

if (require.main === module) {
  runAdmin(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err)
      process.exit(1)
    }
  )
}
