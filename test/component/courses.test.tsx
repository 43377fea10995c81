import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import CoursesPage from '../../src/pages/courses/index'
import { listCourses } from '../../src/services/api/courses'
import { ApiError, NetworkError } from '../../src/services/http/errors'
import { go, stopPullDownRefresh } from '../../src/services/platform'
import { getLocation } from '../../src/services/platform/location'
import { useSettings } from '../../src/store/settings'
import { course } from './fixtures'
import { platformState, resetPlatform } from './platform-mock'
import { resetStores } from './store-reset'

jest.mock('../../src/services/api/courses', () => ({ listCourses: jest.fn(), getCourse: jest.fn() }))
jest.mock('../../src/services/api/meta', () => ({ getRegions: jest.fn(), getOccupations: jest.fn() }))
jest.mock('../../src/services/platform/location', () => ({ getLocation: jest.fn(), locationAllowed: jest.fn(() => Promise.resolve(true)) }))
jest.mock('../../src/services/platform', () => require('./platform-mock').platformMock())

const mockList = listCourses as jest.MockedFunction<typeof listCourses>
const mockLocation = getLocation as jest.MockedFunction<typeof getLocation>
const lastQuery = () => mockList.mock.calls[mockList.mock.calls.length - 1][0]

beforeEach(() => {
  jest.clearAllMocks()
  resetPlatform()
  resetStores()
  // The worker chose 上海市 earlier: no location prompt, list filtered by region.
  useSettings.setState({ region: { code: '310000', name: '上海市' }, preferRegion: true })
})

describe('course list', () => {
  it('passes the keyword from the home search and the remembered region', async () => {
    resetPlatform({ q: 'jiazheng' })
    mockList.mockResolvedValue({ items: [course()], nextCursor: null })
    render(<CoursesPage />)
    expect(await screen.findByText('家政服务员（五级）夜班')).toBeInTheDocument()
    expect(mockList).toHaveBeenCalledWith(expect.objectContaining({ q: 'jiazheng', region: '310000', limit: 10 }))
    expect(mockLocation).not.toHaveBeenCalled()
  })

  it('choosing 家政 asks the API for category=housekeeping and renders the results', async () => {
    mockList.mockResolvedValueOnce({ items: [course({ id: 'crs_9', title: '电工（五级）' })], nextCursor: null })
    const { container } = render(<CoursesPage />)
    expect(await screen.findByText('电工（五级）')).toBeInTheDocument()

    mockList.mockResolvedValueOnce({ items: [course({ id: 'crs_1', title: '家政服务员（五级）夜班' })], nextCursor: null })
    fireEvent.click(screen.getByText('家政'))
    expect(await screen.findByText('家政服务员（五级）夜班')).toBeInTheDocument()
    expect(screen.queryByText('电工（五级）')).not.toBeInTheDocument()
    expect(lastQuery()).toMatchObject({ category: 'housekeeping', region: '310000' })
    expect(container.querySelector('#chip-housekeeping')?.className).toContain('filter-chip--active')

    fireEvent.click(screen.getByText('家政服务员（五级）夜班'))
    expect(go).toHaveBeenLastCalledWith('course', { id: 'crs_1' })
  })

  it('applies the filter panel: subsidised only, evenings, starts within 30 days', async () => {
    mockList.mockResolvedValue({ items: [course()], nextCursor: null })
    render(<CoursesPage />)
    await screen.findByText('家政服务员（五级）夜班')

    fireEvent.click(screen.getByText('筛选'))
    fireEvent.click(screen.getByText('只看可享补贴'))
    fireEvent.click(screen.getByText('晚上'))
    fireEvent.click(screen.getByText('30天内'))
    fireEvent.click(screen.getByText('送培训上门'))
    fireEvent.click(screen.getByText('确定'))

    await waitFor(() =>
      expect(lastQuery()).toMatchObject({ subsidizedOnly: true, schedule: 'evening', startsWithinDays: 30, mode: 'village' })
    )
    expect(await screen.findByText('筛选(4)')).toBeInTheDocument()
  })

  it('shows an empty state that says what to do, and clears the filters', async () => {
    mockList.mockResolvedValueOnce({ items: [course()], nextCursor: null })
    render(<CoursesPage />)
    await screen.findByText('家政服务员（五级）夜班')

    mockList.mockResolvedValueOnce({ items: [], nextCursor: null })
    fireEvent.click(screen.getByText('美容美发'))
    expect(await screen.findByText('没有找到合适的课程')).toBeInTheDocument()
    expect(screen.getByText(/换个条件试试/)).toBeInTheDocument()

    mockList.mockResolvedValueOnce({ items: [course()], nextCursor: null })
    fireEvent.click(screen.getByText('清空筛选'))
    expect(await screen.findByText('家政服务员（五级）夜班')).toBeInTheDocument()
    expect(lastQuery().category).toBeUndefined()
  })

  it("shows the server's Chinese message and retries", async () => {
    mockList.mockRejectedValueOnce(new ApiError(400, 'VALIDATION_FAILED', '搜索词不能超过40个字'))
    render(<CoursesPage />)
    expect(await screen.findByText('搜索词不能超过40个字')).toBeInTheDocument()

    mockList.mockRejectedValueOnce(new NetworkError())
    await act(async () => {
      fireEvent.click(screen.getByText('重试'))
    })
    expect(await screen.findByText('网络不太好，请稍后再试')).toBeInTheDocument()

    mockList.mockResolvedValueOnce({ items: [course()], nextCursor: null })
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('家政服务员（五级）夜班')).toBeInTheDocument()
  })

  it('loads the next page with the cursor on reaching the bottom, and refreshes on pull-down', async () => {
    mockList.mockResolvedValueOnce({ items: [course()], nextCursor: 'c2' })
    render(<CoursesPage />)
    await screen.findByText('家政服务员（五级）夜班')

    mockList.mockResolvedValueOnce({ items: [course({ id: 'crs_2', title: '育婴员（四级）' })], nextCursor: null })
    await act(async () => {
      platformState.reachBottom?.()
    })
    expect(await screen.findByText('育婴员（四级）')).toBeInTheDocument()
    expect(screen.getByText('家政服务员（五级）夜班')).toBeInTheDocument()
    expect(lastQuery()).toMatchObject({ cursor: 'c2', region: '310000' })
    expect(screen.getByText('没有更多了')).toBeInTheDocument()

    mockList.mockResolvedValueOnce({ items: [course({ id: 'crs_3', title: '中式烹调师' })], nextCursor: null })
    await act(async () => {
      platformState.pullDownRefresh?.()
    })
    expect(await screen.findByText('中式烹调师')).toBeInTheDocument()
    expect(lastQuery().cursor).toBeUndefined()
    await waitFor(() => expect(stopPullDownRefresh).toHaveBeenCalled())
  })

  it('with a location, sorts near the worker and shows distances', async () => {
    useSettings.setState({ region: null, preferRegion: false })
    mockLocation.mockResolvedValue({ ok: true, lat: 41.80571, lng: 123.43149 })
    mockList.mockResolvedValue({ items: [course({ distanceKm: 2.46, regionName: '辽宁省沈阳市和平区' })], nextCursor: null })
    render(<CoursesPage />)
    expect(await screen.findByText('2.5 公里 · 辽宁省沈阳市和平区')).toBeInTheDocument()
    expect(lastQuery()).toMatchObject({ lat: 41.806, lng: 123.431 })
    expect(lastQuery().region).toBeUndefined()
  })
})
