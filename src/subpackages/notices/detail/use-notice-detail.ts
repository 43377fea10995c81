import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { NoticeDetail } from '../../../contract'
import type { Loadable } from '../../../components/async'
import { noticeSpeechText } from '../../../domain/notice'
import { todayInChina } from '../../../domain/format'
import { getNotice, noticeAudioUrl } from '../../../services/api/notices'
import { isNotFound, messageOf } from '../../../services/http/errors'
import {
  SHARE_WITH_BUTTON,
  createReadAloud,
  getPageParams,
  go,
  pagePath,
  setPageTitle,
  shareByLink,
  useOnHide,
  useSharePage,
  type ReadAloud,
  type ReadAloudState
} from '../../../services/platform'
import { useSettings } from '../../../store/settings'
import { useSession } from '../../../store/session'
import { useStationReferral } from '../../../pages/shared/use-station-referral'
import { useSubscribe } from '../../../pages/shared/use-subscribe'

export function useNoticeDetail() {
  const [id] = useState(() => getPageParams().id ?? '')
  const [notice, setNotice] = useState<Loadable<NoticeDetail>>({ status: 'loading' })
  const [listen, setListen] = useState<ReadAloudState>({ status: 'idle' })
  const reader = useRef<ReadAloud | null>(null)

  const load = useCallback(() => {
    if (!id) {
      setNotice({ status: 'error', message: '这条通知找不到了，可能已经删除', notFound: true })
      return
    }
    setNotice({ status: 'loading' })
    getNotice(id).then(
      (data) => {
        setNotice({ status: 'ready', data })
        setPageTitle(data.title.length > 14 ? `${data.title.slice(0, 14)}…` : data.title)
      },
      (error: unknown) => setNotice({ status: 'error', message: messageOf(error), notFound: isNotFound(error) })
    )
  }, [id])
  useEffect(load, [load])

  const data = notice.status === 'ready' ? notice.data : null

  // reading stops when the page is left (back, another page on top, app hidden)
  const stopReading = useCallback(() => {
    reader.current?.stop()
    reader.current = null
    setListen((s) => (s.status === 'unavailable' ? s : { status: 'idle' }))
  }, [])
  useEffect(() => () => reader.current?.stop(), [])
  useOnHide(stopReading)

  // opened from a station's poster (?station=stn_…): the station is remembered as the referral
  useStationReferral()
  // staff share for their station: the shared link carries its referral too
  const stationId = useSession((s) => s.me?.roles?.find((r) => r.role === 'station_staff' && r.stationId)?.stationId ?? null)
  const share = data ? { title: `【政策】${data.title}`, path: pagePath('noticeDetail', stationId ? { id, station: stationId } : { id }) } : null
  useSharePage(share)

  // subscribe to the reader's own region when known, else the notice's first target
  const { subscribe, onSubscribe } = useSubscribe(() => useSettings.getState().region?.code ?? data?.regions[0] ?? null)

  return {
    notice,
    listen,
    subscribe,
    shareWithButton: SHARE_WITH_BUTTON,
    today: useMemo(() => todayInChina(), []),
    onPlay: () => {
      if (!data) return
      if (!reader.current) reader.current = createReadAloud({ text: noticeSpeechText(data), audioUrl: noticeAudioUrl(data.id) }, setListen)
      reader.current.play()
    },
    onPause: () => reader.current?.pause(),
    onSubscribe,
    onShare: () => share && shareByLink(share),
    onPoster: () => go('noticePoster', { id }),
    onOpenCourse: (courseId: string) => go('course', { id: courseId }),
    onRetry: load,
    onAll: () => go('notices')
  }
}
