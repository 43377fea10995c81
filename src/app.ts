import { type PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import { systemFontScale } from './services/platform'
import { useSettings } from './store/settings'
import './app.css'

function App({ children }: PropsWithChildren) {
  // the phone's text size: followed on every page (PageShell), and a reason to offer 关怀模式 once
  useLaunch(() => useSettings.getState().setSystemFontScale(systemFontScale()))
  return children
}

export default App
