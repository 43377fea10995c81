/**
 * The review desk's entry check, shared by its pages: a session (else the login page, opened once) and the
 * reviewer role. The server checks role and region again on every call; this only decides what the page shows.
 */
import { useCallback, useRef, useState } from 'react'
import { ensureSession } from '../../services/api/auth'
import { getMe } from '../../services/api/me'
import { getRegions } from '../../services/api/meta'
import { isUnauthenticated } from '../../services/http/authed'
import { messageOf } from '../../services/http/errors'
import { go, useOnShow } from '../../services/platform'

export type ReviewerGate = 'loading' | 'needLogin' | 'forbidden' | 'error' | 'ready'

export function useReviewerGate() {
  const [gate, setGate] = useState<ReviewerGate>('loading')
  const [gateMessage, setGateMessage] = useState('')
  /** e.g. 审核员 138****0001 · 负责地区 阳泉市 */
  const [reviewer, setReviewer] = useState('')
  const loginSent = useRef(false)

  const needLogin = () => {
    setGate('needLogin')
    if (!loginSent.current) {
      loginSent.current = true
      go('login', { as: 'reviewer' })
    }
  }

  const enter = useCallback(async () => {
    try {
      if (!(await ensureSession())) return needLogin()
      const me = await getMe()
      const grants = me.roles.filter((r) => r.role === 'reviewer')
      if (grants.length === 0) return setGate('forbidden')
      // a grant holds a code prefix (1403 = 阳泉市): show the region's name, never the code
      const regions = await getRegions().then((r) => r.items, () => [])
      const nameOf = (prefix: string | null | undefined) =>
        !prefix ? '全省' : (regions.find((r) => r.code === prefix.padEnd(6, '0'))?.name ?? regions.find((r) => r.code.startsWith(prefix))?.fullName ?? '指定地区')
      setReviewer(`审核员 ${me.phoneMasked ?? ''} · 负责地区 ${grants.map((g) => nameOf(g.regionPrefix)).join('、')}`)
      setGate('ready')
    } catch (e) {
      if (isUnauthenticated(e)) needLogin()
      else {
        setGateMessage(messageOf(e))
        setGate('error')
      }
    }
  }, [])

  useOnShow(() => {
    if (gate !== 'ready') void enter()
  })

  return { gate, gateMessage, reviewer, retry: () => void enter() }
}
