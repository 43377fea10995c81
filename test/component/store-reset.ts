import { useLocation } from '../../src/store/location'
import { useSettings } from '../../src/store/settings'

export function resetStores(): void {
  localStorage.clear()
  useLocation.setState({ status: 'idle', position: null, failure: null })
  useSettings.setState({ region: null, preferRegion: false, elderMode: false, careOffered: false, systemFontScale: 1, senior: false })
}
