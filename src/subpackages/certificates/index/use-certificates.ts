import { useState } from 'react'
import { checkIdCard } from '../../../domain/id-card'
import { isPlausibleRealName } from '../../../domain/profile'
import { lookupCertificates, myCertificates } from '../../../services/api/certificates'
import { updateProfile } from '../../../services/api/me'
import { isUnauthenticated } from '../../../services/http/authed'
import { ApiError, messageOf } from '../../../services/http/errors'
import { go } from '../../../services/platform'
import { todayInChina } from '../../../domain/format'
import { useSignedIn } from '../../../hooks/use-gate'

export function useCertificates() {
  const { state, update, onLogin, onRetry } = useSignedIn(async () => (await myCertificates()).items)
  const [lookup, setLookup] = useState<{ busy: boolean; result: { tone: 'good' | 'info' | 'bad'; text: string } | null }>({ busy: false, result: null })
  const [identity, setIdentity] = useState<{ open: boolean; name: string; id: string; error: string | null }>({ open: false, name: '', id: '', error: null })
  // the list as the view wants it: the items under `items`
  const list = state.status === 'ready' ? { status: 'ready' as const, items: state.data } : state

  const runLookup = async () => {
    setLookup({ busy: true, result: null })
    try {
      const r = await lookupCertificates()
      update(() => r.items)
      setLookup({
        busy: false,
        result:
          r.found === 0
            ? { tone: 'info', text: '全国联网查询里没有查到你的证书。如果你有证书，可以拍照添加。' }
            : r.imported === 0
              ? { tone: 'good', text: `查到${r.found}本证书，都已经在下面了` }
              : { tone: 'good', text: `查到${r.found}本证书，已导入${r.imported}本，不用再拍照` }
      })
    } catch (e) {
      setLookup({ busy: false, result: null })
      if (e instanceof ApiError && e.code === 'PROFILE_INCOMPLETE') setIdentity((s) => ({ ...s, open: true, error: null }))
      else if (e instanceof ApiError && e.code === 'CONSENT_REQUIRED') go('privacy')
      else if (isUnauthenticated(e)) go('login')
      else setLookup({ busy: false, result: { tone: 'bad', text: messageOf(e) } })
    }
  }

  const saveIdentityAndLookup = async () => {
    const name = identity.name.trim()
    if (!isPlausibleRealName(name)) return setIdentity((s) => ({ ...s, error: '请填写身份证上的真实姓名' }))
    const check = checkIdCard(identity.id, todayInChina())
    if (!check.ok) return setIdentity((s) => ({ ...s, error: check.message }))
    try {
      await updateProfile({ realName: name, idNumber: check.normalized })
      setIdentity({ open: false, name: '', id: '', error: null })
      await runLookup()
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONSENT_REQUIRED') go('privacy')
      else setIdentity((s) => ({ ...s, error: messageOf(e) }))
    }
  }

  return {
    list,
    lookup,
    identity,
    onLookup: () => void runLookup(),
    onIdentityName: (v: string) => setIdentity((s) => ({ ...s, name: v, error: null })),
    onIdentityId: (v: string) => setIdentity((s) => ({ ...s, id: v.toUpperCase(), error: null })),
    onIdentitySave: () => void saveIdentityAndLookup(),
    onAdd: () => go('certAdd'),
    onOpen: (id: string) => go('certDetail', { id }),
    onVerify: () => go('certVerify'),
    onInstitution: () => go('institutionVerify'),
    onLogin,
    onRetry
  }
}
