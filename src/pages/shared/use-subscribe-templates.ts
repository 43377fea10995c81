/** The subscribe-message template ids from the server's config, loaded when the page opens (for a later tap). */
import { useEffect, useState } from 'react'
import type { SubscribeTemplates } from '../../contract'
import { loadAppConfig, subscribeTemplates } from '../../services/api/config'

export function useSubscribeTemplates(): SubscribeTemplates {
  const [templates, setTemplates] = useState<SubscribeTemplates>(subscribeTemplates)
  useEffect(() => {
    let live = true
    loadAppConfig().then(
      (c) => live && setTemplates(c.subscribeTemplates),
      // no config: nothing is asked, the inbox still gets every update
      () => undefined
    )
    return () => {
      live = false
    }
  }, [])
  return templates
}
