/** 有新政策时通知我: one tap → (login if needed) → subscription for the region; weapp also asks for the WeChat message. */
import { useState } from 'react'
import type { SubscribeState } from '../../components/notices'
import { useSignIn } from '../../hooks/use-gate'
import { subscribe } from '../../services/api/notices'
import { messageOf } from '../../services/http/errors'
import { askNoticeMessages, toast } from '../../services/platform'
import { useSubscribeTemplates } from './use-subscribe-templates'

export function useSubscribe(region: () => string | null) {
  const [state, setState] = useState<SubscribeState>('idle')
  const templates = useSubscribeTemplates()
  const signIn = useSignIn('action')
  async function onSubscribe() {
    if (state !== 'idle') return
    const target = region()
    if (!target) {
      toast('请先选择地区')
      return
    }
    // requestSubscribeMessage must run inside the tap, before anything asynchronous
    const asked = askNoticeMessages(templates.notice)
    setState('busy')
    try {
      if (!(await signIn.session())) return setState('idle')
      await asked
      await subscribe({ region: target, tags: [] })
      setState('done')
      toast('订阅好了', 'success')
    } catch (error) {
      setState('idle')
      toast(messageOf(error))
    }
  }
  return { subscribe: state, onSubscribe }
}
