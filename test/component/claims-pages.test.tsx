/**
 * The subsidy pages with their hooks, mocked only at the service boundary: the claim form (two screens,
 * pre-check verdicts, subscribe asked from the submit tap, one Idempotency-Key kept through an unanswered
 * try), 我的补贴, the detail flows and the reviewer workbench's decisions.
 */
import { act, configure, fireEvent, render, screen, waitFor } from '@testing-library/react'
import ApplyPage from '../../src/subpackages/subsidies/apply/index'
import MyClaimsPage from '../../src/subpackages/subsidies/index/index'
import DetailPage from '../../src/subpackages/subsidies/detail/index'
import ReviewPage from '../../src/subpackages/review/index/index'
import AnnouncementsPage from '../../src/subpackages/subsidies/announcements/index'
import type { Me, Precheck, Profile, ReviewClaim, SubsidyClaim } from '../../src/contract'
import * as claimsApi from '../../src/services/api/claims'
import { ensureSession } from '../../src/services/api/auth'
import { myEnrollments } from '../../src/services/api/enrollments'
import { getMe, getProfile } from '../../src/services/api/me'
import { ApiError, NetworkError } from '../../src/services/http/errors'
import { go, replace } from '../../src/services/platform'
import { requestSubscribe } from '../../src/services/platform/subscribe'
import { bankCardProblem } from '../../src/subpackages/subsidies/shared'
import { resetPlatform } from './platform-mock'
import { resetStores } from './store-reset'

jest.mock('../../src/services/api/auth', () => ({ ensureSession: jest.fn(), logout: jest.fn() }))
jest.mock('../../src/services/api/me', () => ({ getMe: jest.fn(), getProfile: jest.fn() }))
jest.mock('../../src/services/api/enrollments', () => ({ myEnrollments: jest.fn() }))
jest.mock('../../src/services/api/certificates', () => ({ certificateReviewQueue: jest.fn(async () => ({ items: [], pendingCount: 3 })) }))
jest.mock('../../src/services/api/claims', () => ({
  myCertificates: jest.fn(),
  precheckClaim: jest.fn(),
  submitClaim: jest.fn(),
  myClaims: jest.fn(),
  getClaim: jest.fn(),
  myInbox: jest.fn(),
  getPayoutAccount: jest.fn(),
  putPayoutAccount: jest.fn(),
  supplementClaim: jest.fn(),
  appealClaim: jest.fn(),
  updateClaimPayoutAccount: jest.fn(),
  withdrawClaim: jest.fn(),
  reviewQueue: jest.fn(),
  reviewClaim: jest.fn(),
  transitionClaim: jest.fn(),
  publishAnnouncement: jest.fn(),
  publicAnnouncements: jest.fn(),
  fileObjection: jest.fn()
}))
// the template ids come from the server's config (GET /api/v1/config)
jest.mock('../../src/services/api/config', () => ({
  loadAppConfig: jest.fn(async () => ({ subscribeTemplates: { claimState: 'tpl-claim-state', claimReminder: 'tpl-claim-reminder', courseStart: 'tpl-course-start' } })),
  subscribeTemplates: () => ({})
}))
jest.mock('../../src/services/platform/subscribe', () => ({ SUBSCRIBE_SUPPORTED: true, requestSubscribe: jest.fn(async () => ({ answers: {}, accepted: [] })) }))
jest.mock('../../src/services/platform', () => ({ ...require('./platform-mock').platformMock(), replace: jest.fn() }))

// Whole pages with their hooks: allow for a loaded 2-core machine.
jest.setTimeout(30_000)
configure({ asyncUtilTimeout: 10_000 })

const m = <T extends (...args: never[]) => unknown>(fn: T) => fn as unknown as jest.MockedFunction<T>
const api = claimsApi as unknown as Record<string, jest.Mock>

const me = { id: 'usr_1', loginMethod: 'sms', phoneMasked: '138****0001', consent: { version: 'v1', acceptedAt: '2026-11-23T00:00:00Z' }, hasProfile: true, roles: [] } as unknown as Me
const source = { document: '人社厅发〔2023〕55号', clause: '第十条', guide: false }
const passing: Precheck = {
  ok: true,
  verdicts: [{ rule: 'certificate_verified', status: 'pass', message: '证书已联网核验', source }],
  office: { regionCode: '140302', name: '阳泉市城区人力资源和社会保障局' },
  amountYuan: 1500,
  amountSource: source
}
const failing: Precheck = { ...passing, ok: false, verdicts: [{ rule: 'no_repeat', status: 'fail', message: '同一工种同一等级已经享受过补贴', source }] }

function claim(over: Partial<SubsidyClaim> = {}): SubsidyClaim {
  return {
    id: 'clm_1',
    kind: 'evaluation',
    kindLabel: '职业技能评价补贴',
    state: 'submitted',
    stateLabel: '已提交',
    amountYuan: 1500,
    certificateId: 'crt_1',
    enrollmentId: null,
    title: '育婴员 · 四级/中级工',
    office: { regionCode: '140302', name: '阳泉市城区人力资源和社会保障局' },
    submittedAt: '2026-11-25T02:00:00Z',
    nextStep: '已提交，等待经办机构受理',
    deadline: null,
    supplementItems: [],
    verdicts: passing.verdicts,
    payoutAccount: { type: 'social_security_card', bankName: null, accountMasked: null, holderMasked: null },
    canWithdraw: true,
    canAppeal: false,
    timeline: [{ state: 'submitted', stateLabel: '已提交', at: '2026-11-25T02:00:00Z', actorRole: 'worker', office: '阳泉市城区人力资源和社会保障局', reason: null, items: [], deadline: null }],
    ...over
  } as SubsidyClaim
}

beforeEach(() => {
  jest.clearAllMocks()
  resetStores()
  resetPlatform()
  m(ensureSession).mockResolvedValue(me)
  m(getMe).mockResolvedValue(me)
  m(getProfile).mockResolvedValue({ realName: '王秀英' } as Profile)
  m(myEnrollments).mockResolvedValue({ items: [] })
  api.myCertificates.mockResolvedValue({
    items: [
      { id: 'crt_1', kind: 'skill_level', number: 'Y140300000000000000001', occupationName: '育婴员', level: '4', issuedOn: '2026-08-27', verification: 'verified' },
      { id: 'crt_2', kind: 'skill_level', number: 'Y140300000000000000002', occupationName: '家政服务员', level: '5', issuedOn: '2025-10-21', verification: 'verified' }
    ]
  })
  api.getPayoutAccount.mockResolvedValue({ type: 'social_security_card', bankName: null, accountMasked: null, holderMasked: null })
  api.putPayoutAccount.mockResolvedValue({ type: 'social_security_card', bankName: null, accountMasked: null, holderMasked: null })
  api.myInbox.mockResolvedValue({ items: [], unreadCount: 2, nextCursor: null })
})

const el = (container: HTMLElement, id: string) => {
  const found = container.querySelector(`#${id}`)
  if (!found) throw new Error(`#${id} not rendered`)
  return found
}

describe('claim form', () => {
  it('pre-checks the chosen certificate, refuses to go on when a rule fails, and says why', async () => {
    api.precheckClaim.mockImplementation(async (b: { certificateId?: string }) => (b.certificateId === 'crt_2' ? failing : passing))
    const { container } = render(<ApplyPage />)
    fireEvent.click(await waitFor(() => el(container, 'kind-evaluation')))
    fireEvent.click(await screen.findByText('家政服务员 五级'))
    expect(await screen.findByText('同一工种同一等级已经享受过补贴')).toBeInTheDocument()
    expect(screen.getByText('依据：人社厅发〔2023〕55号 第十条')).toBeInTheDocument()
    expect(el(container, 'claim-next').getAttribute('aria-disabled')).toBe('true')
    fireEvent.click(screen.getByText('育婴员 四级'))
    expect(await screen.findByText('1500元')).toBeInTheDocument()
    expect(el(container, 'claim-next').getAttribute('aria-disabled')).toBeNull()
  })

  it('asks for subscribe messages on the submit tap, then submits once with a key kept through an unanswered try', async () => {
    resetPlatform({ kind: 'evaluation', certificateId: 'crt_1' })
    api.precheckClaim.mockResolvedValue(passing)
    api.submitClaim.mockRejectedValueOnce(new NetworkError('timeout')).mockResolvedValueOnce(claim())
    const { container } = render(<ApplyPage />)
    await screen.findByText('1500元') // preselected from 我能领的补贴 and checked at once
    fireEvent.click(el(container, 'claim-next'))
    await screen.findByText('确认并提交')
    fireEvent.click(el(container, 'claim-submit'))
    // asked synchronously inside the tap, before anything was sent
    expect(m(requestSubscribe)).toHaveBeenCalledTimes(1)
    expect(m(requestSubscribe)).toHaveBeenCalledWith(['tpl-claim-state', 'tpl-claim-reminder'])
    expect(api.submitClaim).not.toHaveBeenCalled()
    expect(await screen.findByText('网络不太好，请稍后再试')).toBeInTheDocument()
    fireEvent.click(el(container, 'claim-submit'))
    await waitFor(() => expect(m(replace)).toHaveBeenCalledWith('claimDetail', { id: 'clm_1' }))
    const keys = api.submitClaim.mock.calls.map((c) => c[1])
    expect(keys).toHaveLength(2)
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/)
    expect(keys[1]).toBe(keys[0])
    expect(api.submitClaim.mock.calls[0][0]).toEqual({ kind: 'evaluation', certificateId: 'crt_1' })
    expect(api.putPayoutAccount).toHaveBeenCalledWith({ type: 'social_security_card' })
  })

  it('checks a bank card number as typed (Luhn) and sends nothing while it is wrong', async () => {
    expect(bankCardProblem('6222021234567890128')).toBeNull()
    expect(bankCardProblem('6222021234567890127')).toBe('银行卡号校验不通过，可能输错了一位，请对照卡片核对')
    expect(bankCardProblem('62220212')).toBe('银行卡号应是16到19位数字，请核对')
    resetPlatform({ kind: 'evaluation', certificateId: 'crt_1' })
    api.precheckClaim.mockResolvedValue(passing)
    const { container } = render(<ApplyPage />)
    await screen.findByText('1500元')
    fireEvent.click(el(container, 'claim-next'))
    fireEvent.click(await waitFor(() => el(container, 'payout-bank')))
    expect(await screen.findByText('必须是王秀英本人的卡')).toBeInTheDocument()
    const input = await waitFor(() => {
      const i = container.querySelector('#account-number input')
      expect(i).not.toBeNull()
      return i!
    })
    fireEvent.input(input, { target: { value: '6222021234567890127' } })
    expect(await screen.findByText('银行卡号校验不通过，可能输错了一位，请对照卡片核对')).toBeInTheDocument()
    fireEvent.click(el(container, 'claim-submit'))
    await act(async () => undefined)
    expect(api.putPayoutAccount).not.toHaveBeenCalled()
    expect(api.submitClaim).not.toHaveBeenCalled()
  })

  it('a 422 from the server goes back to screen 1 with the fresh verdicts', async () => {
    resetPlatform({ kind: 'evaluation', certificateId: 'crt_1' })
    api.precheckClaim.mockResolvedValueOnce(passing).mockResolvedValueOnce(failing)
    api.submitClaim.mockRejectedValue(new ApiError(422, 'PRECHECK_FAILED', '有不符合的条件，不能提交'))
    const { container } = render(<ApplyPage />)
    await screen.findByText('1500元')
    fireEvent.click(el(container, 'claim-next'))
    fireEvent.click(await waitFor(() => el(container, 'claim-submit')))
    expect(await screen.findByText('同一工种同一等级已经享受过补贴')).toBeInTheDocument()
    expect(screen.getByText('有不符合的条件，不能提交')).toBeInTheDocument()
  })
})

describe('我的补贴 and detail', () => {
  it('lists each claim with its state, next step and deadline, and the unread count', async () => {
    api.myClaims.mockResolvedValue({ items: [claim({ state: 'needs_supplement', stateLabel: '需补正', nextStep: '请按要求补充材料', deadline: '2026-12-09' })] })
    const { container } = render(<MyClaimsPage />)
    expect(await screen.findByText('需补正')).toBeInTheDocument()
    expect(screen.getByText('下一步：请按要求补充材料')).toBeInTheDocument()
    expect(screen.getByText(/截止 .*12月9日前/)).toBeInTheDocument()
    expect(screen.getByText('2条未读')).toBeInTheDocument()
    fireEvent.click(el(container, 'claim-clm_1'))
    expect(m(go)).toHaveBeenCalledWith('claimDetail', { id: 'clm_1' })
  })

  it('补正: the worker sees the requested items and sends a note back to review', async () => {
    resetPlatform({ id: 'clm_1' })
    api.getClaim.mockResolvedValue(claim({ state: 'needs_supplement', stateLabel: '需补正', supplementItems: ['培训签到表'], canWithdraw: true }))
    api.supplementClaim.mockResolvedValue(claim({ state: 'accepted', stateLabel: '已受理' }))
    const { container } = render(<DetailPage />)
    expect(await screen.findByText('· 培训签到表')).toBeInTheDocument()
    fireEvent.click(el(container, 'start-supplement'))
    fireEvent.click(await waitFor(() => el(container, 'send-flow')))
    expect(await screen.findByText('请写一句说明，告诉审核员补充了什么')).toBeInTheDocument()
    expect(api.supplementClaim).not.toHaveBeenCalled()
  })
})

describe('reviewer workbench', () => {
  const reviewer = { ...me, roles: [{ role: 'reviewer', regionPrefix: '1403', stationId: null, stationName: null }] } as unknown as Me
  const summary = { id: 'clm_1', kind: 'evaluation', kindLabel: '职业技能评价补贴', state: 'accepted', stateLabel: '已受理', title: '育婴员 · 四级/中级工', amountYuan: 1500, applicantMasked: '王*英', office: { regionCode: '140302', name: '阳泉市城区人社局' }, submittedAt: '2026-11-25T02:00:00Z', deadline: '2026-12-02', overdue: true, objectionCount: 0 }
  const detail = (over: Partial<ReviewClaim> = {}) =>
    ({
      ...claim({ state: 'accepted', stateLabel: '已受理' }),
      applicantMasked: '王*英',
      idNumberMasked: '1403**********0021',
      overdue: true,
      certificate: { id: 'crt_1', occupationName: '育婴员', level: '4', kind: 'skill_level', numberMasked: 'Y1403***********0001', issueDate: '2026-08-27', verificationLabel: '已联网核验', photoFileIds: [], photosWithheld: 0 },
      supplements: [],
      insuranceLabel: '正在参保（阳泉市）',
      objections: [],
      riskFlags: [],
      conflict: null,
      decisions: [
        { to: 'first_review', label: '初审通过', needsReason: false, needsItems: false, allowed: true, refusal: null },
        { to: 'needs_supplement', label: '要求补正', needsReason: false, needsItems: true, allowed: true, refusal: null },
        { to: 'rejected', label: '驳回', needsReason: true, needsItems: false, allowed: true, refusal: null }
      ],
      ...over
    }) as ReviewClaim

  it('a worker without the reviewer role is told so', async () => {
    render(<ReviewPage />)
    expect(await screen.findByText('你没有审核权限')).toBeInTheDocument()
    expect(api.reviewQueue).not.toHaveBeenCalled()
  })

  it('shows the queue, the claim with verdicts and registry result, and asks for a reason before 驳回', async () => {
    m(getMe).mockResolvedValue(reviewer)
    api.reviewQueue.mockResolvedValue({ items: [summary], nextCursor: null })
    api.reviewClaim.mockResolvedValue(detail())
    api.transitionClaim.mockResolvedValue(detail({ state: 'rejected', stateLabel: '已驳回', decisions: [] }))
    const { container } = render(<ReviewPage />)
    fireEvent.click(await waitFor(() => el(container, 'queue-clm_1')))
    // the region's 待人工核验 certificates are counted on the link to 证书人工核验
    expect(await screen.findByText('证书人工核验（待核验 3）')).toBeInTheDocument()
    expect(await screen.findByText('已联网核验')).toBeInTheDocument()
    expect(screen.getByText('证书已联网核验')).toBeInTheDocument()
    expect(screen.getAllByText('已超期').length).toBeGreaterThan(0)
    fireEvent.click(el(container, 'decide-rejected'))
    fireEvent.click(await waitFor(() => el(container, 'confirm-decision')))
    expect(await screen.findByText('请写明理由，申请人会看到')).toBeInTheDocument()
    expect(api.transitionClaim).not.toHaveBeenCalled()
    // keyboard: Enter on a focused decision button presses it
    fireEvent.keyDown(el(container, 'cancel-decision'), { key: 'Enter' })
    await waitFor(() => expect(container.querySelector('#confirm-decision')).toBeNull())
    fireEvent.keyDown(el(container, 'decide-first_review'), { key: 'Enter' })
    fireEvent.click(await waitFor(() => el(container, 'confirm-decision')))
    await waitFor(() => expect(api.transitionClaim).toHaveBeenCalledWith('clm_1', { to: 'first_review' }))
  })

  it('a decision the two-person rule forbids is shown disabled with its reason', async () => {
    m(getMe).mockResolvedValue(reviewer)
    api.reviewQueue.mockResolvedValue({ items: [{ ...summary, state: 'first_review', stateLabel: '初审通过' }], nextCursor: null })
    api.reviewClaim.mockResolvedValue(
      detail({ state: 'first_review', stateLabel: '初审通过', decisions: [{ to: 'second_review', label: '复核通过', needsReason: false, needsItems: false, allowed: false, refusal: '初审和复核必须由两位不同的审核员完成' }] })
    )
    const { container } = render(<ReviewPage />)
    fireEvent.click(await waitFor(() => el(container, 'queue-clm_1')))
    expect(await screen.findByText('初审和复核必须由两位不同的审核员完成')).toBeInTheDocument()
    expect(el(container, 'decide-second_review').getAttribute('aria-disabled')).toBe('true')
  })
})

describe('公示', () => {
  it('shows masked names only and takes an objection with a valid contact number', async () => {
    resetPlatform({ region: '1403' })
    api.publicAnnouncements.mockResolvedValue({
      items: [
        {
          id: 'ann_1',
          regionCode: '140302',
          office: '阳泉市城区人社局',
          startDate: '2026-11-26',
          endDate: '2026-12-03',
          open: true,
          items: [{ id: 'ani_1', nameMasked: '王*英', occupationName: '育婴员', levelLabel: '四级/中级工', kindLabel: '职业技能评价补贴', amountYuan: 1500, office: '阳泉市城区人社局' }]
        }
      ]
    })
    api.fileObjection.mockResolvedValue({ id: 'obj_1', message: '已收到' })
    const { container } = render(<AnnouncementsPage />)
    expect(await screen.findByText('王*英 · 育婴员 四级/中级工')).toBeInTheDocument()
    expect(api.publicAnnouncements).toHaveBeenCalledWith('1403')
    fireEvent.click(el(container, 'object-ani_1'))
    const [reason, phone] = await waitFor(() => {
      const r = container.querySelector('#objection-reason textarea')
      const p = container.querySelector('#objection-phone input')
      expect(r && p).toBeTruthy()
      return [r!, p!]
    })
    fireEvent.input(reason, { target: { value: '这位学员没有参加培训考试' } })
    fireEvent.input(phone, { target: { value: '1391234' } })
    fireEvent.click(el(container, 'send-objection'))
    expect(await screen.findByText('请填写正确的11位手机号，方便审核员联系你')).toBeInTheDocument()
    expect(api.fileObjection).not.toHaveBeenCalled()
    fireEvent.input(phone, { target: { value: '13912345678' } })
    fireEvent.click(el(container, 'send-objection'))
    expect(await screen.findByText('异议已收到，审核员会核实处理。')).toBeInTheDocument()
    expect(api.fileObjection).toHaveBeenCalledWith('ann_1', { itemId: 'ani_1', content: '这位学员没有参加培训考试', contactPhone: '13912345678' })
  })
})
