import { fireEvent, render, screen } from '@testing-library/react'
import CoursePage from '../../src/pages/course/index'
import InstitutionPage from '../../src/pages/institution/index'
import { getCourse } from '../../src/services/api/courses'
import { getInstitution } from '../../src/services/api/institutions'
import { ApiError } from '../../src/services/http/errors'
import { callPhone, go, openMap, shareByLink } from '../../src/services/platform'
import { courseDetail, institution } from './fixtures'
import { resetPlatform } from './platform-mock'
import { resetStores } from './store-reset'

jest.mock('../../src/services/api/courses', () => ({ listCourses: jest.fn(), getCourse: jest.fn() }))
jest.mock('../../src/services/api/institutions', () => ({ getInstitution: jest.fn() }))
jest.mock('../../src/services/platform/location', () => ({ getLocation: jest.fn(), locationAllowed: jest.fn(() => Promise.resolve(true)) }))
jest.mock('../../src/services/platform', () => require('./platform-mock').platformMock())

const mockGetCourse = getCourse as jest.MockedFunction<typeof getCourse>
const mockGetInstitution = getInstitution as jest.MockedFunction<typeof getInstitution>

beforeEach(() => {
  jest.clearAllMocks()
  resetStores()
  resetPlatform({ id: 'crs_1' })
})

describe('course detail', () => {
  it('shows the institution, distance, subsidies with their cited source, and acts on taps', async () => {
    mockGetCourse.mockResolvedValue(courseDetail())
    render(<CoursePage />)

    expect(await screen.findByText('家政服务员（五级）夜班')).toBeInTheDocument()
    expect(mockGetCourse).toHaveBeenCalledWith('crs_1', null)
    expect(screen.getByText('闵行区职业技能培训中心')).toBeInTheDocument()
    expect(screen.getByText('公共实训基地 · 已备案')).toBeInTheDocument()
    expect(screen.getByText('离你 1.2 公里')).toBeInTheDocument()
    expect(screen.getByText('上海市闵行区七莘路100号')).toBeInTheDocument()

    // subsidies with cited sources; guide figures labelled as reference
    expect(screen.getByText('职业培训补贴')).toBeInTheDocument()
    expect(screen.getByText('最高1500元')).toBeInTheDocument()
    expect(screen.getByText('生活费补贴')).toBeInTheDocument()
    // no figure without a source: it says so and why, never a vague 按当地标准
    expect(screen.getByText('暂无金额')).toBeInTheDocument()
    expect(screen.getByText(/我们还没有收录上海市公布的标准/)).toBeInTheDocument()
    expect(screen.queryByText('按当地标准')).toBeNull()
    expect(screen.getByText('依据：人社厅发〔2023〕55号 第九条')).toBeInTheDocument()
    expect(screen.getByText('参考标准，以当地人社部门公布为准')).toBeInTheDocument()

    // what it leads to and for whom
    expect(screen.getByText('职业技能等级证书（五级/初级工）')).toBeInTheDocument()
    expect(screen.getByText('农村转移劳动力')).toBeInTheDocument()
    expect(screen.getByText('剩3个名额')).toBeInTheDocument()
    expect(screen.getByText('免费')).toBeInTheDocument()
    expect(screen.getByText('1. 职业道德与安全')).toBeInTheDocument()

    fireEvent.click(screen.getByText('导航'))
    expect(openMap).toHaveBeenCalledWith({ lat: 31.113, lng: 121.382, name: '闵行区职业技能培训中心', address: '上海市闵行区七莘路100号' })
    fireEvent.click(screen.getByText('打电话'))
    expect(callPhone).toHaveBeenCalledWith('021-12345678')
    fireEvent.click(screen.getByText('分享'))
    expect(shareByLink).toHaveBeenCalledWith(expect.objectContaining({ path: '/course?id=crs_1' }))
    fireEvent.click(screen.getByText('闵行区职业技能培训中心'))
    expect(go).toHaveBeenLastCalledWith('institution', { id: 'ins_1' })
    fireEvent.click(screen.getByText('立即报名'))
    expect(go).toHaveBeenLastCalledWith('signupConfirm', { courseId: 'crs_1' })
  })

  it('says plainly when the course is gone (404)', async () => {
    mockGetCourse.mockRejectedValue(new ApiError(404, 'NOT_FOUND', '课程不存在'))
    render(<CoursePage />)
    expect(await screen.findByText('这门课程找不到了，可能已下架')).toBeInTheDocument()
    fireEvent.click(screen.getByText('回首页'))
    expect(go).toHaveBeenLastCalledWith('home')
  })

  it('does not offer sign-up for a full course', async () => {
    mockGetCourse.mockResolvedValue(courseDetail({ seatsLeft: 0 }))
    render(<CoursePage />)
    expect(await screen.findAllByText('名额已满')).toHaveLength(2)
    expect(screen.queryByText('立即报名')).not.toBeInTheDocument()
  })
})

describe('institution page', () => {
  it('shows filing, address, phone, intro and its courses', async () => {
    resetPlatform({ id: 'ins_1' })
    mockGetInstitution.mockResolvedValue(institution())
    render(<InstitutionPage />)
    expect(await screen.findByText('SH-2024-0012')).toBeInTheDocument()
    expect(screen.getByText('已备案')).toBeInTheDocument()
    expect(screen.getByText('公共实训基地')).toBeInTheDocument()
    expect(screen.getByText('开设的课程（1）')).toBeInTheDocument()
    fireEvent.click(screen.getByText('家政服务员（五级）夜班'))
    expect(go).toHaveBeenLastCalledWith('course', { id: 'crs_1' })
  })
})
