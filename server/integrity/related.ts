/**
 * Nobody decides their own case (DESIGN §3, 55号 第十三条, 沪人社职〔2024〕70号 (十二) 规范职权行为): a reviewer
 * or admin takes no step on a claim or certificate whose claimant is themselves (OWN_CLAIM / OWN_CERTIFICATE)
 * or shares a phone number or payout account with them (RELATED_PARTY). Refusals are 403 and audited.
 */
import type { FieldCrypto } from '../crypto'
import type { Queryable } from '../db'
import { phoneHashesOf, phoneHashesOfMany } from '../accounts'
import { audit } from '../platform'
import { ApiError } from '../errors'

/**
 * The payout-account hashes of a user. Payout accounts belong to claims, which builds on this check; claims
 * registers its lookup at start instead of this module importing claims back.
 */
export type PayoutHashLookup = (db: Queryable, userId: string) => Promise<string[]>
/** The same for several users in one read: user id → hashes. */
export type PayoutHashManyLookup = (db: Queryable, userIds: string[]) => Promise<Map<string, string[]>>
let payoutHashesOf: PayoutHashLookup = async () => []
let payoutHashesOfMany: PayoutHashManyLookup = async (db, ids) => new Map(await Promise.all(ids.map(async (id) => [id, await payoutHashesOf(db, id)] as const)))
export function registerPayoutHashLookup(fn: PayoutHashLookup, many?: PayoutHashManyLookup): void {
  payoutHashesOf = fn
  if (many) payoutHashesOfMany = many
}

export type ConflictCode = 'OWN_CLAIM' | 'OWN_CERTIFICATE' | 'RELATED_PARTY'
export interface Conflict {
  code: ConflictCode
  via: 'self' | 'phone' | 'payout_account'
  message: string
}

const OBJECT_WORD = { claim: '申请', certificate: '证书' } as const

export function conflictMessage(object: 'claim' | 'certificate', via: Conflict['via']): string {
  const word = OBJECT_WORD[object]
  if (via === 'self') return object === 'certificate' ? '不能核验自己的证书，请交给另一位审核员' : `这是你本人的${word}，按规定不能由你办理，请交给另一位审核员`
  return `${word}人与你${via === 'phone' ? '使用同一手机号' : '使用同一收款账户'}，属于利益关联，按规定不能由你办理，请交给另一位审核员`
}

/** What links two people: the same phone (login or contact) or the same bank card; null when nothing. */
export async function linkBetween(crypto: FieldCrypto, db: Queryable, a: string, b: string, extraB: { payoutHashes?: (string | null)[] } = {}): Promise<'phone' | 'payout_account' | null> {
  const [pa, pb] = await Promise.all([phoneHashesOf(crypto, db, a), phoneHashesOf(crypto, db, b)])
  if (pa.some((h) => pb.includes(h))) return 'phone'
  const [ba, bb] = await Promise.all([payoutHashesOf(db, a), payoutHashesOf(db, b)])
  const bAll = [...bb, ...(extraB.payoutHashes ?? []).filter((h): h is string => !!h)]
  if (ba.some((h) => bAll.includes(h))) return 'payout_account'
  return null
}

/**
 * The first of `candidates` (in their order) who is the subject or linked to them, and how — `linkBetween`
 * for many people at once, with the subject's phone and card hashes already in hand: two reads in all.
 */
export async function firstLinked(
  crypto: FieldCrypto,
  db: Queryable,
  candidates: string[],
  subject: { userId: string; phoneHashes: string[]; payoutHashes: (string | null)[] }
): Promise<{ userId: string; via: 'self' | 'phone' | 'payout_account' } | null> {
  const others = candidates.filter((c) => c !== subject.userId)
  const [phones, cards] = others.length > 0 ? await Promise.all([phoneHashesOfMany(crypto, db, others), payoutHashesOfMany(db, others)]) : [new Map(), new Map()]
  const cardsOfSubject = subject.payoutHashes.filter((h): h is string => !!h)
  for (const c of candidates) {
    if (c === subject.userId) return { userId: c, via: 'self' }
    if ((phones.get(c) ?? []).some((h: string) => subject.phoneHashes.includes(h))) return { userId: c, via: 'phone' }
    if ((cards.get(c) ?? []).some((h: string) => cardsOfSubject.includes(h))) return { userId: c, via: 'payout_account' }
  }
  return null
}

/** The conflict between an acting reviewer/admin and the person a claim or certificate belongs to, or null. */
export async function conflictOf(
  crypto: FieldCrypto,
  db: Queryable,
  object: 'claim' | 'certificate',
  actorId: string,
  subjectUserId: string,
  extra: { payoutHashes?: (string | null)[] } = {}
): Promise<Conflict | null> {
  if (actorId === subjectUserId) return { code: object === 'claim' ? 'OWN_CLAIM' : 'OWN_CERTIFICATE', via: 'self', message: conflictMessage(object, 'self') }
  const via = await linkBetween(crypto, db, actorId, subjectUserId, extra)
  return via ? { code: 'RELATED_PARTY', via, message: conflictMessage(object, via) } : null
}

/**
 * Refuses a step when there is a conflict: writes the audit row (on `db`, outside any transaction that the
 * refusal rolls back) and throws 403 with the plain message.
 */
export async function refuseIfConflicted(
  crypto: FieldCrypto,
  db: Queryable,
  step: string,
  object: 'claim' | 'certificate',
  objectId: string,
  actorId: string,
  subjectUserId: string,
  extra: { payoutHashes?: (string | null)[] } = {}
): Promise<void> {
  const c = await conflictOf(crypto, db, object, actorId, subjectUserId, extra)
  if (!c) return
  await audit(db, { actor: actorId, action: 'integrity.conflict_refused', objectType: object, objectId, reason: `${step}: ${c.code} (${c.via})` })
  throw new ApiError(403, c.code, c.message)
}
