import Taro from '@tarojs/taro'
import { storage } from '../../src/services/platform/storage'
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
})

describe('settings store', () => {
  it('persists the remembered region and elder mode through the adapter, not the position', () => {
    useSettings.getState().setRegion({ code: '210100', name: '沈阳市' })
    useSettings.getState().setElderMode(true)
    const saved = JSON.parse(storage.getItem('zsb.settings') ?? 'null')
    expect(saved.state).toEqual({ region: { code: '210100', name: '沈阳市' }, preferRegion: false, elderMode: true, careOffered: true })
  })
})
