/** The claim state machine as data: every state × role × target (allowed and refused), the two-person rule, appeals, and deadlines in working days. */
import {
  CLAIM_STATES,
  CLAIM_TRANSITIONS,
  checkTransition,
  claimNextStep,
  claimStateLabel,
  reviewerDecisions,
  type ClaimActorRole,
  type ClaimState
} from '../../src/domain/claim-state'
import { addWorkingDays, isWorkingDay, previousWorkingDay } from '../../src/domain/working-days'

const STATES = CLAIM_STATES.map((s) => s.code)
const ROLES: ClaimActorRole[] = ['worker', 'reviewer', 'system']

/** The lifecycle, written out independently of CLAIM_TRANSITIONS: from → to → who. */
const EXPECTED: Record<string, ClaimActorRole> = {
  'submitted>accepted': 'reviewer',
  'submitted>rejected': 'reviewer',
  'submitted>withdrawn': 'worker',
  'accepted>first_review': 'reviewer',
  'accepted>needs_supplement': 'reviewer',
  'accepted>rejected': 'reviewer',
  'accepted>withdrawn': 'worker',
  'first_review>second_review': 'reviewer',
  'first_review>needs_supplement': 'reviewer',
  'first_review>rejected': 'reviewer',
  'second_review>announced': 'reviewer',
  'announced>awaiting_payment': 'system',
  'announced>rejected': 'reviewer',
  // an objection still open when 公示 ends: 异议核查中, resolved by a reviewer (not the 初审 one)
  'announced>objection_review': 'system',
  'objection_review>awaiting_payment': 'reviewer',
  'objection_review>rejected': 'reviewer',
  'awaiting_payment>paid': 'reviewer',
  'awaiting_payment>payment_failed': 'reviewer',
  'payment_failed>awaiting_payment': 'worker',
  'needs_supplement>accepted': 'worker',
  'needs_supplement>rejected': 'system',
  'needs_supplement>withdrawn': 'worker',
  'rejected>accepted': 'worker'
}

describe('claim state machine', () => {
  test('every state has a Chinese label', () => {
    for (const s of STATES) expect(claimStateLabel(s)).toMatch(/^[\u4e00-\u9fff]+$/)
    expect(claimStateLabel('first_review')).toBe('初审通过')
    expect(claimStateLabel('second_review')).toBe('复核通过')
  })

  test('the definition is exactly the issue’s lifecycle', () => {
    const actual = Object.fromEntries(CLAIM_TRANSITIONS.map((t) => [`${t.from}>${t.to}`, t.by]))
    expect(actual).toEqual(EXPECTED)
  })

  // every (from, to, role): allowed only when the table says so; reason / items given so only role + edge matter here
  const cases: [ClaimState, ClaimState, ClaimActorRole, boolean][] = []
  for (const from of STATES) for (const to of STATES) for (const by of ROLES) cases.push([from, to, by, EXPECTED[`${from}>${to}`] === by])
  test.each(cases)('%s → %s by %s: allowed=%s', (from, to, by, allowed) => {
    const refusal = checkTransition({ from, to, by, actorId: 'u1', reason: '理由', items: ['材料'], enteredBy: {}, appealsUsed: 0, daysSinceRejection: 1 })
    if (allowed) expect(refusal).toBeNull()
    else expect(refusal?.code).toMatch(/NOT_ALLOWED|WRONG_ROLE/)
  })

  test('what each step needs: a reason for 驳回 / 拨付失败 / 申诉, items for 需补正', () => {
    const base = { by: 'reviewer' as const, actorId: 'r1', enteredBy: {} }
    expect(checkTransition({ ...base, from: 'accepted', to: 'rejected' })?.code).toBe('REASON_REQUIRED')
    expect(checkTransition({ ...base, from: 'accepted', to: 'rejected', reason: '  ' })?.code).toBe('REASON_REQUIRED')
    expect(checkTransition({ ...base, from: 'awaiting_payment', to: 'payment_failed' })?.code).toBe('REASON_REQUIRED')
    expect(checkTransition({ ...base, from: 'accepted', to: 'needs_supplement', items: [] })?.code).toBe('ITEMS_REQUIRED')
    expect(checkTransition({ ...base, from: 'accepted', to: 'needs_supplement', items: ['合同'] })).toBeNull()
    expect(checkTransition({ from: 'rejected', to: 'accepted', by: 'worker', actorId: 'w' })?.code).toBe('REASON_REQUIRED')
  })

  test('two-person rule: 复核 by the reviewer who made 初审 is refused; by another, allowed', () => {
    const req = { from: 'first_review' as const, to: 'second_review' as const, by: 'reviewer' as const, enteredBy: { first_review: 'r1' } }
    expect(checkTransition({ ...req, actorId: 'r1' })?.code).toBe('SAME_REVIEWER')
    expect(checkTransition({ ...req, actorId: 'r2' })).toBeNull()
  })

  test('appeal once, within 15 days', () => {
    const req = { from: 'rejected' as const, to: 'accepted' as const, by: 'worker' as const, actorId: 'w', reason: '有新材料' }
    expect(checkTransition({ ...req, appealsUsed: 0, daysSinceRejection: 15 })).toBeNull()
    expect(checkTransition({ ...req, appealsUsed: 0, daysSinceRejection: 16 })?.code).toBe('APPEAL_EXPIRED')
    expect(checkTransition({ ...req, appealsUsed: 1, daysSinceRejection: 1 })?.code).toBe('APPEAL_USED')
  })

  test('the workbench shows only the reviewer’s own-route decisions (公示 is the batch route; the system ends 公示)', () => {
    expect(reviewerDecisions('second_review')).toEqual([])
    expect(reviewerDecisions('announced').map((t) => t.to)).toEqual(['rejected'])
    expect(reviewerDecisions('awaiting_payment').map((t) => t.to)).toEqual(['paid', 'payment_failed'])
    // resolved through the objection route, never a plain decision button
    expect(reviewerDecisions('objection_review')).toEqual([])
    expect(checkTransition({ from: 'objection_review', to: 'awaiting_payment', by: 'reviewer', actorId: 'r1', enteredBy: { first_review: 'r1' } })?.code).toBe('SAME_REVIEWER')
  })

  test('every state has a next step for the worker, with the deadline where there is one', () => {
    for (const s of STATES) expect(claimNextStep(s, '2026-10-09')).toMatch(/[\u4e00-\u9fff]/)
    expect(claimNextStep('needs_supplement', '2026-10-09')).toContain('2026-10-09')
  })
})

describe('working days on China’s official calendar (chinese-days)', () => {
  test.each([
    // 国庆 2026: 10-01…10-07 off; Sunday 09-20 and Saturday 10-10 are 调休 working days
    ['2026-09-30', 1, '2026-10-08'],
    ['2026-09-25', 5, '2026-10-09'],
    ['2026-09-30', 3, '2026-10-10'],
    ['2026-09-18', 1, '2026-09-20'],
    // 春节 2026: 02-15…02-23 off; Saturdays 02-14 and 02-28 are 调休 working days
    ['2026-02-13', 1, '2026-02-14'],
    ['2026-02-13', 5, '2026-02-27'],
    ['2026-02-13', 10, '2026-03-05'],
    ['2026-02-26', 2, '2026-02-28'],
    // an ordinary week: Thursday + 5 → next Thursday
    ['2026-11-26', 5, '2026-12-03'],
    ['2026-11-26', 0, '2026-11-26']
  ])('%s + %i working days = %s', (from, n, expected) => {
    expect(addWorkingDays(from, n)).toBe(expected)
  })

  test('调休 Saturdays are working days; holidays are not; the reminder day skips the holiday', () => {
    expect(isWorkingDay('2026-10-10')).toBe(true)
    expect(isWorkingDay('2026-02-28')).toBe(true)
    expect(isWorkingDay('2026-10-05')).toBe(false)
    expect(isWorkingDay('2026-02-17')).toBe(false)
    expect(previousWorkingDay('2026-10-08')).toBe('2026-09-30')
    expect(previousWorkingDay('2026-02-24')).toBe('2026-02-14')
  })

  test('negative or fractional working days are refused', () => {
    expect(() => addWorkingDays('2026-01-05', -1)).toThrow()
    expect(() => addWorkingDays('2026-01-05', 1.5)).toThrow()
  })
})
