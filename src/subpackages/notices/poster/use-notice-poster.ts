import { useCallback, useEffect, useState } from 'react'
import type { Loadable } from '../../../components/async'
import { getNotice } from '../../../services/api/notices'
import { messageOf } from '../../../services/http/errors'
import { POSTER_NEEDS_CANVAS, POSTER_SAVE_LABEL, getPageParams, pagePath, publicLink, renderPoster, savePoster, toast } from '../../../services/platform'
import { useSession } from '../../../store/session'
import { POSTER_HEIGHT, POSTER_WIDTH, posterDrawing } from './draw-poster'

const CANVAS_ID = 'poster-canvas'

/** Our own errors (canvas, withdrawn) already speak Chinese; anything else gets the generic sentence. */
const plainMessage = (error: unknown) => (error instanceof Error && /[\u4e00-\u9fff]/.test(error.message) ? error.message : messageOf(error))

export function useNoticePoster() {
  const [id] = useState(() => getPageParams().id ?? '')
  const [image, setImage] = useState<Loadable<string>>({ status: 'loading' })
  // station staff share for their station: its name on the poster, its referral in the QR link
  const station = useSession((s) => s.me?.roles?.find((r) => r.role === 'station_staff' && r.stationId) ?? null)
  const stationId = station?.stationId ?? null
  const stationName = station?.stationName ?? null
  const [saving, setSaving] = useState(false)
  const [message, setMessage] = useState<string | null>(null)

  const make = useCallback(() => {
    setImage({ status: 'loading' })
    getNotice(id)
      .then((n) => {
        if (n.status === 'withdrawn') throw new Error('这条通知已撤回，不能再分享')
        const link = publicLink(pagePath('noticeDetail', stationId ? { id: n.id, station: stationId } : { id: n.id }))
        const referral = stationId ? `${stationName ?? '就业服务站'} 推荐` : null
        return renderPoster(
          CANVAS_ID,
          posterDrawing({ title: n.title, summary: n.summary, issuer: n.issuer, docNumber: n.docNumber, publishedAt: n.publishedAt, link, referral })
        )
      })
      .then(
        (url) => setImage({ status: 'ready', data: url }),
        (error: unknown) => setImage({ status: 'error', message: plainMessage(error) })
      )
  }, [id, stationId, stationName])

  // the canvas node exists after the first render
  useEffect(() => {
    const t = setTimeout(make, 50)
    return () => clearTimeout(t)
  }, [make])

  return {
    canvasId: CANVAS_ID,
    needsCanvas: POSTER_NEEDS_CANVAS,
    width: POSTER_WIDTH,
    height: POSTER_HEIGHT,
    image,
    saveLabel: POSTER_SAVE_LABEL,
    referral: stationId ? `${stationName ?? '就业服务站'} 推荐` : null,
    saving,
    message,
    onSave: async () => {
      if (image.status !== 'ready' || saving) return
      setSaving(true)
      try {
        const r = await savePoster(image.data, `政策通知-${id}.png`)
        if (r === 'saved') {
          setMessage('海报已保存，可以发到微信群或朋友圈了')
          toast('已保存', 'success')
        } else setMessage('没有相册权限：请点右上角“…”→“设置”，打开“添加到相册”后再保存')
      } catch (error) {
        setMessage(plainMessage(error))
      } finally {
        setSaving(false)
      }
    },
    onRetry: make
  }
}
