import { type PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import { systemFontScale } from './services/platform'
import { enhanceNavigationBar } from './services/platform/navigation-bar'
import { onNeedPrivacyAuthorization } from './services/platform/privacy'
import { useSettings } from './store/settings'
import { usePrivacyPrompt } from './store/privacy-prompt'
import { useSession } from './store/session'
import { keepRolePagesOffline } from './store/offline-roles'
import './app.css'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // the phone's text size: followed on every page (PageShell), and a reason to offer 关怀模式 once
    useSettings.getState().setSystemFontScale(systemFontScale())
    // weapp: WeChat asks for the privacy agreement when a personal-data API is first used; the page
    // on top shows our sheet (H5: never fires).
    onNeedPrivacyAuthorization(() => usePrivacyPrompt.getState().show())
    // H5: the title bar's back / home arrows become real, named buttons (weapp: WeChat's own bar)
    enhanceNavigationBar()
    // staff work where the network fails: their pages go onto the phone as soon as a staff account signs in
    keepRolePagesOffline(useSession)
  })
  return children
}

export default App
