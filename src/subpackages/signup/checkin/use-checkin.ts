/**
 * 上课签到: the worker scans the institution's QR code (mini program) or types its 6 digits (both builds). The
 * position goes along only when the worker already allowed it (no prompt in class); far away is flagged for the
 * institution by the server, never refused.
 */
import { useCallback, useRef, useState } from 'react'
import { checkinCodeFromQr, isCheckinCode, normaliseCode } from '../../../domain/checkin'
import { formatBeijingTime } from '../../../domain/format'
import type { CheckinViewProps } from '../../../components/training-views'
import { checkIn, mySessions } from '../../../services/api/attendance'
import { todayInChina } from '../../../domain/format'
import { isUnauthenticated } from '../../../services/http/authed'
import { messageOf } from '../../../services/http/errors'
import { backTo, getLocation, getPageParams, go } from '../../../services/platform'
import { locationAllowed } from '../../../services/platform/location'
import { CAN_SCAN, scanQrCode } from '../../../services/platform/scan'
import { useGate } from '../../../hooks/use-gate'

/** A quick look only: check-in must not wait for a slow GPS fix in class. */
const POSITION_WAIT_MS = 3000

async function positionIfAllowed(): Promise<{ lat: number; lng: number } | null> {
  if (!(await locationAllowed())) return null
  const r = await getLocation(POSITION_WAIT_MS)
  return r.ok ? { lat: r.lat, lng: r.lng } : null
}

export function useCheckin() {
  const [params] = useState(() => getPageParams())
  const [code, setCode] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const [done, setDone] = useState<CheckinViewProps['done']>(null)
  const inFlight = useRef(false)
  // signed in (silently where the platform allows; the login page once), then 我的课次 — on every show, since
  // a session opens or ends while the page is hidden. A failed list must not block checking in: it shows its
  // own message; only a lost session goes back to the gate.
  const entry = useGate<NonNullable<CheckinViewProps['sessions']>>({
    role: 'user',
    everyShow: true,
    enter: async () => {
      try {
        const r = await mySessions()
        // the day as the server counts it (its window starts at today 00:00 China time)
        return { items: r.items, today: todayInChina(new Date(Date.parse(r.from) + 3_600_000)) }
      } catch (e) {
        if (isUnauthenticated(e)) throw e
        return { error: messageOf(e) }
      }
    }
  })
  const gate = entry.status === 'ready' ? 'ready' : entry.status === 'loading' ? 'loading' : 'needLogin'
  const sessions = entry.who
  const recheck = entry.reload

  const submit = useCallback(async (digits: string) => {
    if (inFlight.current) return
    if (!isCheckinCode(digits) && !checkinCodeFromQr(digits)) {
      setError('签到码是 6 位数字，请看清培训机构屏幕上的数字')
      return
    }
    inFlight.current = true
    setBusy(true)
    setError('')
    try {
      const res = await checkIn(digits, await positionIfAllowed())
      setDone({ attendance: res.attendance, at: formatBeijingTime(res.checkedInAt), already: res.already })
      void recheck()
    } catch (e) {
      // the session ended: the gate checks again (and shows 去登录 when it is gone)
      if (isUnauthenticated(e)) void recheck()
      setError(messageOf(e))
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }, [recheck])

  const view: CheckinViewProps = {
    courseTitle: params.title ?? '',
    canScan: CAN_SCAN,
    code,
    busy,
    error,
    done,
    sessions,
    onScan: async () => {
      const r = await scanQrCode()
      if (!r.ok) {
        if (!r.cancelled) setError('没有扫到二维码，可以直接输入屏幕上的 6 位数字')
        return
      }
      const scanned = checkinCodeFromQr(r.text)
      if (!scanned) {
        setError('这不是签到二维码，请扫培训机构屏幕上的签到码')
        return
      }
      await submit(scanned)
    },
    onCode: (v) => {
      setCode(normaliseCode(v))
      setError('')
    },
    onSubmit: () => void submit(code),
    onMine: () => backTo('mine')
  }
  return { gate, view, onLogin: () => go('login') }
}
