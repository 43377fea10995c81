import Taro from '@tarojs/taro'
import { STORAGE_FULL_MESSAGE, storage } from '../../src/services/platform/storage'
import { useSettings } from '../../src/store/settings'

describe('storage adapter', () => {
  beforeEach(() => localStorage.clear())

  it("maps Taro's '' for a missing key to null", () => {
    expect(Taro.getStorageSync('nothing-here')).toBe('')
    expect(storage.getItem('nothing-here')).toBeNull()
  })

  it('round-trips strings and removes keys', () => {
    storage.setItem('k', '{"a":1}')
    expect(storage.getItem('k')).toBe('{"a":1}')
    storage.removeItem('k')
    expect(storage.getItem('k')).toBeNull()
  })

  it('a failed write (storage full) is told to the worker once, not swallowed, and the app goes on', () => {
    const set = jest.spyOn(Taro, 'setStorageSync').mockImplementation(() => {
      throw new Error('setStorageSync:fail exceed storage max size 10MB')
    })
    const toast = jest.spyOn(Taro, 'showToast').mockImplementation(() => Promise.resolve({ errMsg: 'showToast:ok' }) as never)
    expect(() => storage.setItem('big', 'x')).not.toThrow()
    storage.setItem('big', 'y') // a second write a moment later: no second message
    expect(toast).toHaveBeenCalledTimes(1)
    expect(toast.mock.calls[0][0]).toMatchObject({ title: STORAGE_FULL_MESSAGE, icon: 'none' })
    set.mockRestore()
    toast.mockRestore()
  })
})

describe('settings store', () => {
  it('persists the remembered region and elder mode through the adapter, not the position', () => {
    useSettings.getState().setRegion({ code: '210100', name: '沈阳市' })
    useSettings.getState().setElderMode(true)
    const saved = JSON.parse(storage.getItem('zsb.settings') ?? 'null')
    expect(saved.state).toEqual({ region: { code: '210100', name: '沈阳市' }, preferRegion: false, elderMode: true, careOffered: true })
  })
})
