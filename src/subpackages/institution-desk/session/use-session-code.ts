/**
 * The rotating check-in code of one class session, for the screen in the classroom: the QR (its qrText) and the
 * 6 digits, fetched again a little before each code expires. The server accepts the previous code too, so a
 * worker who read the old one a moment ago still checks in.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import qrcode from 'qrcode-generator'
import type { SessionCodeProps } from '../../../components/training-views'
import type { CheckinCode } from '../../../contract'
import { checkinCode } from '../../../services/api/institution-desk'
import { ApiError, messageOf } from '../../../services/http/errors'
import { getPageParams, useOnHide, useOnShow } from '../../../services/platform'
import { useDeskGate } from '../use-desk-gate'

/** A code lives 30 s (one time step) on the server. */
const STEP_MS = 30_000
/** Fetch the next code this long before the shown one expires. */
const REFRESH_EARLY_MS = 3_000
/** When the phone's clock disagrees with the server's, ask again at this pace instead. */
const SKEWED_REFRESH_MS = 10_000

export function useSessionCode() {
  const gate = useDeskGate()
  const [params] = useState(() => getPageParams())
  const sessionId = params.id ?? ''
  const [code, setCode] = useState<(CheckinCode & { refreshAt: number }) | null>(null)
  const [closed, setClosed] = useState('')
  const [error, setError] = useState('')
  const [now, setNow] = useState(() => Date.now())
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const ticker = useRef<ReturnType<typeof setInterval> | null>(null)
  const active = useRef(false)

  const stop = () => {
    active.current = false
    if (timer.current) clearTimeout(timer.current)
    if (ticker.current) clearInterval(ticker.current)
    timer.current = null
    ticker.current = null
  }

  const fetchCode = useCallback(async () => {
    if (!active.current) return
    let next = SKEWED_REFRESH_MS
    try {
      const res = await checkinCode(sessionId)
      const fetchedAt = Date.now()
      const left = Date.parse(res.expiresAt) - fetchedAt
      // a phone clock far from the server's would make the countdown lie: then refresh on a fixed pace
      next = left > 0 && left <= STEP_MS + 1000 ? Math.max(1000, left - REFRESH_EARLY_MS) : SKEWED_REFRESH_MS
      setCode({ ...res, refreshAt: fetchedAt + next })
      setClosed('')
      setError('')
    } catch (e) {
      setCode(null)
      // outside the window (30 min before the start until the end) the server says so in a 4xx
      if (e instanceof ApiError && e.status < 500) setClosed(messageOf(e))
      else setError(messageOf(e))
      next = SKEWED_REFRESH_MS
    }
    if (active.current) timer.current = setTimeout(() => void fetchCode(), next)
  }, [sessionId])

  const start = useCallback(() => {
    if (active.current) return
    active.current = true
    void fetchCode()
    ticker.current = setInterval(() => setNow(Date.now()), 1000)
  }, [fetchCode])

  useEffect(() => {
    if (gate.gate === 'ready') start()
  }, [gate.gate, start])
  useOnShow(() => {
    if (gate.gate === 'ready') start()
  })
  useOnHide(stop)
  useEffect(() => stop, [])

  const qrDataUrl = useMemo(() => {
    if (!code) return ''
    const qr = qrcode(0, 'M')
    qr.addData(code.qrText)
    qr.make()
    return qr.createDataURL(8, 4)
  }, [code])

  const view: SessionCodeProps = {
    title: params.title || '课次签到',
    when: params.when ?? '',
    code: code && { digits: code.code, qrDataUrl, secondsLeft: Math.max(0, Math.ceil((code.refreshAt + REFRESH_EARLY_MS - now) / 1000)) },
    closedText: closed || '正在获取签到码…',
    error
  }
  return { gate, view }
}
