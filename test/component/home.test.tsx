import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import HomePage from '../../src/pages/index/index'
import { listCourses } from '../../src/services/api/courses'
import { getRegions } from '../../src/services/api/meta'
import { go } from '../../src/services/platform'
import { getLocation, locationAllowed } from '../../src/services/platform/location'
import { storage } from '../../src/services/platform/storage'
import { useSettings } from '../../src/store/settings'
import { course, REGIONS } from './fixtures'
import { resetPlatform } from './platform-mock'
import { resetStores } from './store-reset'

jest.mock('../../src/services/api/courses', () => ({ listCourses: jest.fn(), getCourse: jest.fn() }))
jest.mock('../../src/services/api/meta', () => ({ getRegions: jest.fn(), getOccupations: jest.fn() }))
jest.mock('../../src/services/platform/location', () => ({ getLocation: jest.fn(), locationAllowed: jest.fn(() => Promise.resolve(true)) }))
jest.mock('../../src/services/platform', () => require('./platform-mock').platformMock())

const mockList = listCourses as jest.MockedFunction<typeof listCourses>
const mockLocation = getLocation as jest.MockedFunction<typeof getLocation>
const mockRegions = getRegions as jest.MockedFunction<typeof getRegions>
const mockGo = go as jest.MockedFunction<typeof go>

beforeEach(() => {
  jest.clearAllMocks()
  resetPlatform()
  resetStores()
})

describe('我的 tab', () => {
  it('holds every personal page, 关怀模式 and, for staff, the 工作台', async () => {
    const { MeView, ME_ENTRIES } = await import('../../src/components/me-view')
    const onOpen = jest.fn()
    const onElderMode = jest.fn()
    const { rerender } = render(<MeView who={null} workbenches={[]} elderMode={false} onElderMode={onElderMode} onOpen={onOpen} onLogin={jest.fn()} />)
    expect(ME_ENTRIES.map((e) => e.title)).toEqual(['我的报名', '我的证书', '我的补贴', '技能等级认定', '我的资料', '亲属代办', '隐私设置'])
    for (const e of ME_ENTRIES) {
      fireEvent.click(screen.getByText(e.title))
      expect(onOpen).toHaveBeenLastCalledWith(e.key)
    }
    fireEvent.click(screen.getByText('关怀模式（大字）'))
    expect(onElderMode).toHaveBeenLastCalledWith(true)
    expect(screen.queryByText('工作台')).toBeNull()
    rerender(<MeView who='已登录：139****0002' workbenches={[{ key: 'staff', title: '服务站工作台', hint: '' }]} elderMode onElderMode={onElderMode} onOpen={onOpen} onLogin={jest.fn()} />)
    fireEvent.click(screen.getByText('服务站工作台'))
    expect(onOpen).toHaveBeenLastCalledWith('staff')
  })
})

describe('home page', () => {
  it('shows only built capabilities in the entry grid (no 建设中 placeholders), each entry navigating', async () => {
    mockLocation.mockResolvedValue({ ok: false, reason: 'denied' })
    const { container } = render(<HomePage />)
    const items = container.querySelectorAll('.entry-grid__item')
    // personal pages moved to the 我的 tab, policies to the 政策 tab
    expect(Array.from(items).map((i) => i.querySelector('.entry-grid__title')?.textContent)).toEqual(['找课程', '证书真伪'])
    expect(screen.queryByText('建设中')).toBeNull()
    expect(screen.queryByText('我的资料')).toBeNull()
    fireEvent.click(screen.getByText('找课程'))
    expect(mockGo).toHaveBeenLastCalledWith('courses')
    fireEvent.click(screen.getByText('证书真伪'))
    expect(mockGo).toHaveBeenLastCalledWith('certVerify')
    await screen.findByText(/请选择你所在的城市或区县/)
  })

  it('with a location: sends coarsened coordinates and lists nearby subsidised courses with distances', async () => {
    mockLocation.mockResolvedValue({ ok: true, lat: 31.1123456, lng: 121.3811111 })
    mockList.mockResolvedValue({
      items: [course({ distanceKm: 1.23 }), course({ id: 'crs_2', title: '养老护理员（四级）', distanceKm: 0.35 })],
      nextCursor: null
    })
    render(<HomePage />)
    expect(await screen.findByText('家政服务员（五级）夜班', undefined, { timeout: 5000 })).toBeInTheDocument()
    expect(screen.getByText('养老护理员（四级）')).toBeInTheDocument()
    expect(screen.getByText('1.2 公里 · 上海市闵行区')).toBeInTheDocument()
    expect(screen.getByText('350 米 · 上海市闵行区')).toBeInTheDocument()
    expect(screen.getByText('位置只用于这次查找附近的课程，不会保存')).toBeInTheDocument()
    expect(mockList).toHaveBeenCalledWith({ lat: 31.112, lng: 121.381, subsidizedOnly: true, limit: 10 })

    fireEvent.click(screen.getByText('养老护理员（四级）'))
    expect(mockGo).toHaveBeenLastCalledWith('course', { id: 'crs_2' })
  })

  it('without a location: picks a city and district, remembers it, and lists by region', async () => {
    mockLocation.mockResolvedValue({ ok: false, reason: 'timeout' })
    mockRegions.mockResolvedValue(REGIONS)
    mockList.mockResolvedValue({ items: [course({ title: '盂县电工培训', regionName: '山西省阳泉市盂县' })], nextCursor: null })
    render(<HomePage />)

    expect(await screen.findByText('获取位置超时了，请选择你所在的城市或区县')).toBeInTheDocument()
    expect(mockList).not.toHaveBeenCalled()

    fireEvent.click(screen.getByText('选择地区'))
    fireEvent.click(await screen.findByText('阳泉市'))
    fireEvent.click(await screen.findByText('盂县'))

    expect(await screen.findByText('盂县电工培训')).toBeInTheDocument()
    expect(mockList).toHaveBeenCalledWith({ region: '140322', subsidizedOnly: true, limit: 10 })
    expect(useSettings.getState().region).toEqual({ code: '140322', name: '阳泉市盂县' })
    expect(screen.getByText('当前地区：阳泉市盂县')).toBeInTheDocument()
    // remembered through the one storage adapter
    expect(storage.getItem('zsb.settings') ?? '').toContain('140322')
  })

  it('first visit without location permission: asks nothing on open, locates only after 用我的位置', async () => {
    ;(locationAllowed as jest.Mock).mockResolvedValueOnce(false)
    mockLocation.mockResolvedValue({ ok: true, lat: 31.11, lng: 121.38 })
    mockList.mockResolvedValue({ items: [course()], nextCursor: null })
    render(<HomePage />)
    expect(await screen.findByText('点「用我的位置」找附近的课程，或选择你所在的城市或区县')).toBeInTheDocument()
    expect(mockLocation).not.toHaveBeenCalled()
    expect(mockList).not.toHaveBeenCalled()
    await act(async () => {
      fireEvent.click(screen.getByText('用我的位置'))
    })
    expect(mockLocation).toHaveBeenCalledTimes(1)
    expect(await screen.findByText('家政服务员（五级）夜班')).toBeInTheDocument()
  })

  it('uses a remembered region without asking for the location again', async () => {
    useSettings.setState({ region: { code: '310000', name: '上海市' }, preferRegion: true })
    mockList.mockResolvedValue({ items: [], nextCursor: null })
    render(<HomePage />)
    expect(await screen.findByText('这附近暂时没有补贴课程')).toBeInTheDocument()
    expect(mockLocation).not.toHaveBeenCalled()
    expect(mockList).toHaveBeenCalledWith({ region: '310000', subsidizedOnly: true, limit: 10 })
  })

  it('shows the error with a retry button', async () => {
    mockLocation.mockResolvedValue({ ok: true, lat: 31.11, lng: 121.38 })
    const { NetworkError } = jest.requireActual('../../src/services/http/errors')
    mockList.mockRejectedValueOnce(new NetworkError()).mockResolvedValueOnce({ items: [course()], nextCursor: null })
    render(<HomePage />)
    expect(await screen.findByText('网络不太好，请稍后再试')).toBeInTheDocument()
    await act(async () => {
      fireEvent.click(screen.getByText('重试'))
    })
    await waitFor(() => expect(screen.getByText('家政服务员（五级）夜班')).toBeInTheDocument())
  })
})
