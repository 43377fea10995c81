/** The pre-check as a table of policy cases: each rule passing and failing, with the clause it cites. */
import { precheckClaim, chooseOffice, addMonths, type PrecheckInput, type PriorClaim, type PrecheckCertificate, type PrecheckEnrollment } from '../../src/domain/claim-rules'
import { checkBankCard, luhnValid, maskAccountNumber } from '../../src/domain/payout'

const TODAY = '2026-11-26'
const cert = (over: Partial<PrecheckCertificate> = {}): PrecheckCertificate => ({
  id: 'crt_1',
  occupationCode: '4-10-01-02',
  occupationName: '育婴员',
  level: '4',
  kind: 'skill_level',
  issueDate: '2026-08-28',
  verified: true,
  holderMatches: true,
  ...over
})
const prior = (over: Partial<PriorClaim> = {}): PriorClaim => ({
  id: 'clm_0',
  kind: 'evaluation',
  state: 'paid',
  certificateId: 'crt_0',
  occupationCode: '4-10-01-02',
  level: '4',
  submittedOn: '2026-03-01',
  ...over
})
const enrollment = (over: Partial<PrecheckEnrollment> = {}): PrecheckEnrollment => ({
  id: 'enr_1',
  status: 'completed',
  completedAt: '2026-07-16T02:00:00.000Z',
  courseId: 'crs_1',
  occupationCode: '4-10-01-02',
  occupationName: '育婴员',
  level: '4',
  regionCode: '140302',
  startDate: '2026-06-01',
  endDate: '2026-07-15',
  subsidized: true,
  shortageOccupation: true,
  ...over
})
const input = (over: Partial<PrecheckInput> = {}): PrecheckInput => ({
  kind: 'evaluation',
  today: TODAY,
  worker: { groups: ['rural_migrant'], homeRegion: '140302', employed: true, insurance: { insured: true, regionCode: '140302', since: '2019-03-01' } },
  certificate: cert(),
  enrollment: null,
  priorClaims: [],
  ...over
})
const v = (i: PrecheckInput, rule: string) => precheckClaim(i).verdicts.find((x) => x.rule === rule)

describe('pre-check rules', () => {
  test('a verified certificate in its window, never claimed: every verdict passes, each with a source', () => {
    const r = precheckClaim(input())
    expect(r.ok).toBe(true)
    expect(r.officeRegion).toBe('140302')
    expect(r.amountYuan).toBe(1500)
    for (const x of r.verdicts) expect(x.source.document).toMatch(/号|指南|通知/)
  })

  test('same 工种 + 等级: once ever nationally (55号 第十条); Shanxi: once per year (晋人社办发〔2024〕2号)', () => {
    const sh = input({ worker: { ...input().worker, homeRegion: '310112', insurance: null }, priorClaims: [prior({ submittedOn: '2024-05-01' })] })
    expect(v(sh, 'no_repeat')).toMatchObject({ status: 'fail', source: { document: '人社厅发〔2023〕55号', clause: '第十条' } })
    const sxLastYear = input({ priorClaims: [prior({ submittedOn: '2025-05-01' })] })
    expect(v(sxLastYear, 'no_repeat')?.status).toBe('pass')
    const sxThisYear = input({ priorClaims: [prior({ submittedOn: '2026-05-01' })] })
    expect(v(sxThisYear, 'no_repeat')).toMatchObject({ status: 'fail', source: { document: '晋人社办发〔2024〕2号' } })
    // the same certificate twice: refused everywhere
    expect(v(input({ priorClaims: [prior({ certificateId: 'crt_1', submittedOn: '2025-01-01' })] }), 'no_repeat')?.status).toBe('fail')
    // withdrawn and rejected claims do not count
    expect(v(input({ priorClaims: [prior({ state: 'withdrawn', submittedOn: '2026-05-01' }), prior({ state: 'rejected', submittedOn: '2026-05-01' })] }), 'no_repeat')?.status).toBe('pass')
  })

  test('no lower level after a higher level of the same 工种 (guide)', () => {
    const i = input({ certificate: cert({ level: '5' }), priorClaims: [prior({ level: '4', submittedOn: '2025-01-01' })] })
    expect(v(i, 'no_lower_level')).toMatchObject({ status: 'fail', source: { guide: true } })
    expect(v(input({ certificate: cert({ level: '3' }), priorClaims: [prior({ level: '4' })] }), 'no_lower_level')?.status).toBe('pass')
    expect(v(input({ certificate: cert({ occupationCode: '4-10-01-06', level: '5' }), priorClaims: [prior({ level: '3' })] }), 'no_lower_level')?.status).toBe('pass')
  })

  test('at most 3 claims per calendar year', () => {
    const three = [1, 2, 3].map((n) => prior({ id: `c${n}`, certificateId: `x${n}`, occupationCode: `9-0${n}-00-00`, submittedOn: '2026-0' + n + '-01' }))
    expect(v(input({ priorClaims: three }), 'annual_cap')).toMatchObject({ status: 'fail', message: expect.stringContaining('3 次') })
    expect(v(input({ priorClaims: three.slice(0, 2) }), 'annual_cap')?.status).toBe('pass')
    expect(v(input({ priorClaims: three.map((c) => ({ ...c, submittedOn: '2025-06-01' })) }), 'annual_cap')?.status).toBe('pass')
  })

  test('within 12 months of the issue date (400 days: refused)', () => {
    expect(v(input({ certificate: cert({ issueDate: '2025-10-22' }) }), 'claim_window')).toMatchObject({ status: 'fail', message: expect.stringContaining('12个月') })
    expect(v(input({ certificate: cert({ issueDate: '2025-11-26' }) }), 'claim_window')?.status).toBe('pass')
    expect(v(input({ certificate: cert({ issueDate: '2025-11-25' }) }), 'claim_window')?.status).toBe('fail')
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28')
  })

  test('the certificate must be 已联网核验 or verified by a reviewer; the holder must be the worker', () => {
    expect(v(input({ certificate: cert({ verified: false }) }), 'certificate_verified')?.status).toBe('fail')
    expect(v(input({ certificate: cert({ holderMatches: false }) }), 'certificate_holder')?.status).toBe('fail')
    expect(v(input({ certificate: null }), 'certificate_present')?.status).toBe('needs_info')
    expect(precheckClaim(input({ certificate: null })).ok).toBe(false)
  })

  test('职业培训补贴: a finished course plus a certificate of its 工种 issued after it started; office = the course’s region', () => {
    const ok = input({ kind: 'training', enrollment: enrollment(), certificate: cert({ issueDate: '2026-07-20' }), worker: { ...input().worker, homeRegion: '310112' } })
    expect(precheckClaim(ok)).toMatchObject({ ok: true, officeRegion: '140302' })
    expect(v(ok, 'course_finished')).toMatchObject({ status: 'pass', message: '培训机构已确认结业（2026-07-16）', source: { clause: '第十条' } })
    // the end date passing is not 结业: the institution confirms it on the attendance record
    expect(v(input({ kind: 'training', enrollment: enrollment({ status: 'in_training', completedAt: null }), certificate: cert() }), 'course_finished')?.status).toBe('fail')
    expect(v(input({ kind: 'training', enrollment: enrollment({ status: 'registered', endDate: '2026-12-20' }), certificate: cert() }), 'course_finished')?.status).toBe('fail')
    expect(v(input({ kind: 'training', enrollment: enrollment({ status: 'not_completed' }), certificate: cert() }), 'course_finished')?.status).toBe('fail')
    expect(v(input({ kind: 'training', enrollment: enrollment(), certificate: cert({ issueDate: '2026-05-01' }) }), 'certificate_matches_course')?.status).toBe('fail')
    expect(v(input({ kind: 'training', enrollment: enrollment(), certificate: cert({ occupationCode: '4-10-01-06' }) }), 'certificate_matches_course')?.status).toBe('fail')
    expect(v(input({ kind: 'training', enrollment: null }), 'course_finished')?.status).toBe('needs_info')
  })

  test('生活费补贴 only for the groups in 第九条, during training', () => {
    const live = (groups: PrecheckInput['worker']['groups'], e = enrollment()) => input({ kind: 'living', certificate: null, enrollment: e, worker: { ...input().worker, groups } })
    expect(v(live(['poverty_alleviated']), 'living_group')).toMatchObject({ status: 'pass', source: { clause: '第九条' } })
    expect(v(live(['rural_migrant']), 'living_group')?.status).toBe('fail')
    expect(v(live([]), 'living_group')?.status).toBe('needs_info')
    expect(v(live(['hard_to_employ'], enrollment({ startDate: '2026-12-01', endDate: '2027-01-10' })), 'in_training')?.status).toBe('fail')
    expect(precheckClaim(live(['hard_to_employ'])).amountYuan).toBeNull()
  })

  test('技能提升补贴 needs insurance (looked up, not asked); office = the insuring place', () => {
    expect(v(input({ kind: 'skill_upgrade' }), 'insured')?.status).toBe('pass')
    expect(v(input({ kind: 'skill_upgrade', worker: { ...input().worker, insurance: null } }), 'insured')?.status).toBe('fail')
    expect(chooseOffice('skill_upgrade', null, { groups: [], homeRegion: '140302', employed: true, insurance: { insured: true, regionCode: '310112', since: null } })).toBe('310112')
    expect(chooseOffice('evaluation', null, { groups: [], homeRegion: null, employed: true, insurance: null })).toBeNull()
    expect(v(input({ worker: { ...input().worker, homeRegion: null, insurance: null } }), 'office')?.status).toBe('needs_info')
  })

  test('Shanghai (沪人社职〔2024〕70号（三）): not employed at training → insured in Shanghai within 4 months of qualifying', () => {
    const sh = (insurance: PrecheckInput['worker']['insurance'], issueDate = '2026-09-01') =>
      input({
        kind: 'training',
        enrollment: enrollment({ regionCode: '310112', startDate: '2026-06-01', endDate: '2026-08-01' }),
        certificate: cert({ issueDate }),
        worker: { groups: ['rural_migrant'], homeRegion: '140302', employed: false, insurance }
      })
    expect(v(sh({ insured: true, regionCode: '310112', since: '2026-11-01' }), 'shanghai_employment')).toMatchObject({ status: 'pass', source: { document: '沪人社职〔2024〕70号', clause: '（三）' } })
    expect(v(sh(null), 'shanghai_employment')?.status).toBe('needs_info') // still inside the four months
    expect(v(sh(null, '2026-06-20'), 'shanghai_employment')?.status).toBe('fail') // four months passed
    expect(v(sh({ insured: true, regionCode: '140302', since: '2026-10-01' }, '2026-06-20'), 'shanghai_employment')?.status).toBe('fail')
    // employed at training time: the rule does not apply; Shanxi has no such rule
    expect(v(input({ kind: 'training', enrollment: enrollment({ regionCode: '310112' }), certificate: cert({ issueDate: '2026-07-20' }) }), 'shanghai_employment')).toBeUndefined()
    expect(precheckClaim(sh({ insured: true, regionCode: '310112', since: '2026-11-01' })).amountYuan).toBe(Math.round(2000 * 1.3))
  })
})

describe('payout account checks', () => {
  test('Luhn, BIN, masking', () => {
    expect(luhnValid('6222021234567890128')).toBe(true)
    expect(luhnValid('6222021234567890127')).toBe(false)
    expect(checkBankCard('6222 0212 3456 7890 128', undefined)).toEqual({ ok: true, digits: '6222021234567890128', bankName: '中国工商银行' })
    expect(checkBankCard('6222021234567890127', undefined)).toMatchObject({ ok: false, field: 'accountNumber' })
    expect(checkBankCard('123', undefined)).toMatchObject({ ok: false, message: expect.stringContaining('16到19位') })
    expect(checkBankCard('4111111111111111', undefined)).toMatchObject({ ok: false, field: 'bankName' })
    expect(checkBankCard('4111111111111111', '某农商银行')).toMatchObject({ ok: true, bankName: '某农商银行' })
    expect(maskAccountNumber('6222021234567890128')).toBe('6222 **** **** 0128')
  })
})
