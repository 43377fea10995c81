import { type PropsWithChildren } from 'react'
import { setCareToasts, systemFontScale } from './services/platform'
import { enhanceNavigationBar } from './services/platform/navigation-bar'
import { useOnLaunch } from './services/platform/page'
import { onNeedPrivacyAuthorization } from './services/platform/privacy'
import { watchForUpdates } from './services/platform/update'
import { useSettings } from './store/settings'
import { usePrivacyPrompt } from './store/privacy-prompt'
import { useSession } from './store/session'
import { keepRolePagesOffline } from './services/offline-roles'
import './app.css'
// the UI kit's styles: the base layer every page's own CSS comes after
import './components/ui/styles'

function App({ children }: PropsWithChildren) {
  useOnLaunch(() => {
    // the phone's text size: followed on every page (PageShell), and a reason to offer 关怀模式 once
    useSettings.getState().setSystemFontScale(systemFontScale())
    // 关怀模式: toasts stay long enough for a slow reader
    setCareToasts(useSettings.getState().elderMode)
    useSettings.subscribe((s) => setCareToasts(s.elderMode))
    // weapp: WeChat asks for the privacy agreement when a personal-data API is first used; every
    // page's shell shows our sheet for that call (H5: never fires).
    onNeedPrivacyAuthorization((purpose) => usePrivacyPrompt.getState().show(purpose))
    // weapp: a published new version → ask to restart into it
    watchForUpdates()
    // H5: the title bar's back / home arrows become real, named buttons (weapp: WeChat's own bar)
    enhanceNavigationBar()
    // staff work where the network fails: their pages go onto the phone as soon as a staff account signs in
    keepRolePagesOffline(useSession)
  })
  return children
}

export default App
