import { useCallback, useEffect, useState } from 'react'
import type { PrivacyNotice } from '../../../contract'
import type { Loadable } from '../../../components/async'
import { privacyNotice } from '../../../services/api/auth'
import { useSignIn } from '../../../hooks/use-gate'
import { giveConsent } from '../../../services/api/me'
import { messageOf } from '../../../services/http/errors'
import { goBack, toast } from '../../../services/platform'
import { AGREE_OPEN_TYPE, settlePrivacyAuthorization } from '../../../services/platform/privacy'

export function usePrivacy() {
  const [notice, setNotice] = useState<Loadable<PrivacyNotice>>({ status: 'loading' })
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const signIn = useSignIn('action')

  const load = useCallback(() => {
    setNotice({ status: 'loading' })
    privacyNotice().then(
      (data) => setNotice({ status: 'ready', data }),
      (e: unknown) => setNotice({ status: 'error', message: messageOf(e) })
    )
  }, [])
  useEffect(load, [load])

  const onAgree = async () => {
    if (notice.status !== 'ready' || submitting) return
    setSubmitting(true)
    setError(null)
    try {
      if (!(await signIn.session())) return
      await giveConsent(notice.data.version)
      settlePrivacyAuthorization(true, 'agree') // the id of this page's agree button
      toast('已同意', 'success')
      goBack()
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setSubmitting(false)
    }
  }

  return {
    notice,
    agreeOpenType: AGREE_OPEN_TYPE,
    submitting,
    error,
    onAgree,
    onDisagree: () => {
      settlePrivacyAuthorization(false)
      goBack()
    },
    onRetry: load
  }
}
