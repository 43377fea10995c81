import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import ConfirmPage from '../../src/subpackages/signup/confirm/index'
import MinePage from '../../src/subpackages/signup/mine/index'
import type { Enrollment, Me, Profile } from '../../src/contract'
import { getCourse } from '../../src/services/api/courses'
import { ensureSession } from '../../src/services/api/auth'
import { createEnrollment, cancelEnrollment, myEnrollments } from '../../src/services/api/enrollments'
import { getMe, getProfile, updateProfile } from '../../src/services/api/me'
import { ApiError } from '../../src/services/http/errors'
import { addToCalendar, confirm, focusFirstError, go, replace, shareWithFamily } from '../../src/services/platform'
import { requestSubscribe } from '../../src/services/platform/subscribe'
import { useSession } from '../../src/store/session'
import { course, courseDetail } from './fixtures'
import { resetPlatform } from './platform-mock'
import { resetStores } from './store-reset'

jest.mock('../../src/services/api/courses', () => ({ listCourses: jest.fn(), getCourse: jest.fn() }))
jest.mock('../../src/services/api/auth', () => ({ ensureSession: jest.fn(), logout: jest.fn() }))
jest.mock('../../src/services/api/me', () => ({
  getMe: jest.fn(),
  getProfile: jest.fn(),
  updateProfile: jest.fn(),
  withdrawConsent: jest.fn(),
  deleteMe: jest.fn()
}))
jest.mock('../../src/services/api/enrollments', () => ({ createEnrollment: jest.fn(), myEnrollments: jest.fn(), cancelEnrollment: jest.fn() }))
// the 开课提醒 template id comes from the server's config (GET /api/v1/config)
jest.mock('../../src/services/api/config', () => ({
  loadAppConfig: jest.fn(async () => ({ subscribeTemplates: { claimState: 'tpl-claim-state', courseStart: 'tpl-course-start' } })),
  subscribeTemplates: () => ({})
}))
jest.mock('../../src/services/platform/subscribe', () => ({ SUBSCRIBE_SUPPORTED: true, requestSubscribe: jest.fn(async () => ({ answers: {}, accepted: [] })) }))
jest.mock('../../src/services/platform', () => ({ ...require('./platform-mock').platformMock(), replace: jest.fn() }))

const me: Me = { id: 'usr_1', loginMethod: 'sms', phoneMasked: '138****0000', consent: { version: 'v1', acceptedAt: '2026-11-23T00:00:00Z' }, hasProfile: true, roles: [] }

function profile(over: Partial<Profile> = {}): Profile {
  return {
    realName: '张三',
    idNumberMasked: '1101**********0015',
    birthDate: '1990-03-07',
    gender: 'male',
    phoneMasked: '138****0000',
    hukouType: 'rural',
    homeRegion: null,
    workRegion: null,
    groups: ['rural_migrant'],
    employmentStatus: 'employed',
    insuredLocally: null,
    wantedOccupations: [],
    missingForSignup: [],
    updatedAt: null,
    ...over
  }
}

const m = <T extends (...args: never[]) => unknown>(fn: T) => fn as unknown as jest.MockedFunction<T>

beforeEach(() => {
  jest.clearAllMocks()
  resetStores()
  useSession.setState({ token: 'tok', expiresAt: '2099-01-01T00:00:00Z', me, pendingEnrollments: {} })
  resetPlatform({ courseId: 'crs_1' })
  m(ensureSession).mockResolvedValue(me)
  m(getMe).mockResolvedValue(me)
  m(getCourse).mockResolvedValue(courseDetail())
})

describe('confirm sign-up', () => {
  it('asks only for the missing fields, checks the ID number instantly with the domain message', async () => {
    m(getProfile).mockResolvedValue(profile({ realName: null, idNumberMasked: null, missingForSignup: ['realName', 'idNumber'] }))
    const { container } = render(<ConfirmPage />)
    expect(await screen.findByText('报名还需要这些信息')).toBeInTheDocument()
    expect(container.querySelector('#real-name')).not.toBeNull()
    expect(container.querySelector('#id-number')).not.toBeNull()
    expect(container.querySelector('#phone')).toBeNull()
    expect(container.querySelectorAll('.group-option')).toHaveLength(0)

    // taro-input-core renders its inner <input> asynchronously (a web component): wait for it
    const idInput = await waitFor(() => {
      const el = container.querySelector('#id-number input')
      expect(el).not.toBeNull()
      return el!
    })
    fireEvent.input(idInput, { target: { value: '110101199003070016' } })
    expect(await screen.findByText('身份证号校验位不正确，请核对最后一位')).toBeInTheDocument()

    fireEvent.click(container.querySelector('#save-profile')!)
    expect(await screen.findByText('请填写身份证上的真实姓名（汉字）')).toBeInTheDocument()
    expect(updateProfile).not.toHaveBeenCalled()
    // the first error is brought into view and focused (role alert, tabIndex -1)
    await waitFor(() => expect(focusFirstError).toHaveBeenCalled())
    expect(container.querySelector('.form-error')?.getAttribute('role')).toBe('alert')
  })

  it('offers the groups as large options with their hints when 人员类别 is missing', async () => {
    m(getProfile).mockResolvedValue(profile({ groups: [], missingForSignup: ['groups'] }))
    const { container } = render(<ConfirmPage />)
    await screen.findByText('报名还需要这些信息')
    expect(container.querySelectorAll('.group-option')).toHaveLength(10)
    expect(screen.getByText('跑外卖、开网约车、打零工等')).toBeInTheDocument()
    expect(container.querySelector('#real-name')).toBeNull()
    m(updateProfile).mockResolvedValue(profile({ groups: ['flexible_migrant'] }))
    m(createEnrollment).mockResolvedValueOnce({ id: 'enr_1' } as Enrollment)
    expect(screen.getByText('保存并报名')).toBeInTheDocument() // the course is on this screen: one tap saves and signs up
    fireEvent.click(screen.getByText('灵活就业农民工'))
    fireEvent.click(container.querySelector('#save-profile')!)
    await waitFor(() => expect(updateProfile).toHaveBeenCalledWith({ groups: ['flexible_migrant'] }))
    expect(await screen.findByText('报名成功')).toBeInTheDocument()
    expect(createEnrollment).toHaveBeenCalledTimes(1)
  })

  it('shows the confirmation sheet with the eligibility preview (amount + cited source) and signs up once with one key', async () => {
    m(getProfile).mockResolvedValue(profile())
    const { container } = render(<ConfirmPage />)
    expect(await screen.findByText('家政服务员（五级）夜班')).toBeInTheDocument()
    expect(screen.getByText('上海市闵行区七莘路100号')).toBeInTheDocument()
    expect(screen.getByText('职业培训补贴')).toBeInTheDocument()
    expect(screen.getAllByText('可申请').length).toBeGreaterThan(0)
    expect(screen.getByText(/^约\d+元$/)).toBeInTheDocument()
    expect(screen.getAllByText(/^依据：/).length).toBeGreaterThan(0)
    expect(screen.getByText('生活费补贴')).toBeInTheDocument()
    expect(screen.getByText('不符合')).toBeInTheDocument()
    expect(screen.getByText(/^原因：/)).toBeInTheDocument()

    m(createEnrollment).mockRejectedValueOnce(new ApiError(503, 'X', '服务暂时有点忙，请稍后再试'))
    m(requestSubscribe).mockClear()
    fireEvent.click(container.querySelector('#confirm-enroll')!)
    // 开课提醒 asked synchronously inside the tap (WeChat's rule), with the id from the server's config
    expect(m(requestSubscribe)).toHaveBeenCalledWith(['tpl-course-start'])
    expect(await screen.findByText('服务暂时有点忙，请稍后再试')).toBeInTheDocument()
    const firstKey = m(createEnrollment).mock.calls[0][1]
    expect(useSession.getState().pendingEnrollments.crs_1).toBe(firstKey)

    m(createEnrollment).mockResolvedValueOnce({ id: 'enr_9' } as Enrollment)
    fireEvent.click(container.querySelector('#confirm-enroll')!)
    // 报名成功 stays on screen with what happens next
    expect(await screen.findByText('报名成功')).toBeInTheDocument()
    expect(m(createEnrollment).mock.calls[1].slice(0, 2)).toEqual(['crs_1', firstKey])
    expect(useSession.getState().pendingEnrollments.crs_1).toBeUndefined()
    expect(screen.getByText(/身份证原件/)).toBeInTheDocument()
    expect(screen.getByText(/开课前可以在“我的报名”里取消/)).toBeInTheDocument()
    fireEvent.click(screen.getByText('加入日历'))
    expect(addToCalendar).toHaveBeenCalledWith(expect.objectContaining({ date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }), 'enr_9')
    fireEvent.click(screen.getByText('告诉家人'))
    expect(shareWithFamily).toHaveBeenCalledWith(expect.objectContaining({ path: '/pages/course/index?id=crs_1' }), expect.stringContaining('我报名了'))
    fireEvent.click(screen.getByText('查看我的报名'))
    expect(go).toHaveBeenLastCalledWith('mine')
    expect(replace).not.toHaveBeenCalled()
  })

  it('shows a refusal as the server words it, with a way to 我的报名 when already enrolled', async () => {
    m(getProfile).mockResolvedValue(profile())
    m(createEnrollment).mockRejectedValue(new ApiError(409, 'ALREADY_ENROLLED', '你已报名这门课程'))
    const { container } = render(<ConfirmPage />)
    await screen.findAllByText('确认报名')
    fireEvent.click(container.querySelector('#confirm-enroll')!)
    expect(await screen.findByText('你已报名这门课程')).toBeInTheDocument()
    fireEvent.click(screen.getByText('查看我的报名'))
    expect(go).toHaveBeenLastCalledWith('mine')
  })

  it('sends the user to log in, and to the privacy notice when there is no consent', async () => {
    m(ensureSession).mockResolvedValueOnce(null)
    const first = render(<ConfirmPage />)
    expect(await screen.findByText('请先登录')).toBeInTheDocument()
    expect(go).toHaveBeenCalledWith('login')
    first.unmount()

    m(getMe).mockResolvedValue({ ...me, consent: null })
    render(<ConfirmPage />)
    expect(await screen.findByText('需要先同意隐私保护指引')).toBeInTheDocument()
    expect(go).toHaveBeenLastCalledWith('privacy')
    expect(getProfile).not.toHaveBeenCalled()
  })
})

describe('我的报名', () => {
  const enrollment: Enrollment = {
    id: 'enr_1',
    status: 'registered',
    createdAt: '2026-11-23T00:00:00Z',
    cancelledAt: null,
    course: course(),
    nextStep: '等待培训机构确认，开课前会通知你；开课前可以取消',
    canCancel: true
  }

  it('lists enrollments with status, next step, and cancels after confirmation', async () => {
    m(myEnrollments).mockResolvedValue({ items: [enrollment] })
    const { container } = render(<MinePage />)
    expect(await screen.findByText('家政服务员（五级）夜班')).toBeInTheDocument()
    expect(container.querySelectorAll('.enrollment-card')).toHaveLength(1)
    expect(screen.getByText('已报名')).toBeInTheDocument()
    expect(screen.getByText('等待培训机构确认，开课前会通知你；开课前可以取消')).toBeInTheDocument()
    expect(screen.getByText('我的信息与隐私')).toBeInTheDocument()
    expect(screen.getByRole('heading', { name: '我的报名' })).toBeInTheDocument()

    m(cancelEnrollment).mockResolvedValue({ ...enrollment, status: 'cancelled', canCancel: false })
    m(myEnrollments).mockResolvedValue({ items: [{ ...enrollment, status: 'cancelled', canCancel: false, nextStep: '已取消，可以重新报名其他课程' }] })
    fireEvent.click(container.querySelector('#cancel-enrollment')!)
    await waitFor(() => expect(cancelEnrollment).toHaveBeenCalledWith('enr_1'))
    // both buttons say what they do: never 取消 beside 取消报名
    expect(confirm).toHaveBeenCalledWith('取消报名', expect.any(String), '确认取消', '保留报名')
    expect(await screen.findByText('已取消，可以重新报名其他课程')).toBeInTheDocument()
    expect(container.querySelector('#cancel-enrollment')).toBeNull()
  })

  it('has an empty state that leads to the course list', async () => {
    m(myEnrollments).mockResolvedValue({ items: [] })
    render(<MinePage />)
    expect(await screen.findByText('还没有报名，去找课程')).toBeInTheDocument()
    fireEvent.click(screen.getByText('去找课程'))
    expect(go).toHaveBeenLastCalledWith('courses')
  })
})
