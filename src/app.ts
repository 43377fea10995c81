import { type PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import { onNeedPrivacyAuthorization } from './services/platform/privacy'
import { usePrivacyPrompt } from './store/privacy-prompt'
import './app.css'

function App({ children }: PropsWithChildren) {
  // weapp: WeChat asks for the privacy agreement when a personal-data API is first used; the page
  // on top shows our sheet (H5: never fires).
  useLaunch(() => onNeedPrivacyAuthorization(() => usePrivacyPrompt.getState().show()))
  return children
}

export default App
