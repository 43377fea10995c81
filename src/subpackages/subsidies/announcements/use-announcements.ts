/** 公示 (public, de-identified) and 异议: anyone may object during the period, with a contact number. */
import { useCallback, useState } from 'react'
import type { AnnouncementBatch, ObjectionDraft } from '../../../components/claims-ui'
import type { Loadable } from '../../../components/async'
import { isMobilePhone } from '../../../domain/masking'
import { fileObjection, publicAnnouncements } from '../../../services/api/claims'
import { messageOf } from '../../../services/http/errors'
import { getPageParams, useOnShow } from '../../../services/platform'
import { useSettings } from '../../../store/settings'

export function useAnnouncements() {
  const remembered = useSettings((s) => s.region)
  const [region] = useState(() => getPageParams().region ?? remembered?.code.slice(0, 4) ?? '')
  const [list, setList] = useState<Loadable<AnnouncementBatch[]>>({ status: 'loading' })
  const [objection, setObjection] = useState<ObjectionDraft | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [sent, setSent] = useState(false)

  const load = useCallback(async () => {
    try {
      const res = await publicAnnouncements(region || undefined)
      setList({
        status: 'ready',
        data: res.items.map((a) => ({
          id: a.id,
          title: `${a.office} 补贴发放公示`,
          office: a.office,
          from: a.startDate,
          to: a.endDate,
          open: a.open,
          rows: a.items.map((i) => ({
            claimId: i.id,
            maskedName: i.nameMasked,
            occupation: i.occupationName,
            level: i.levelLabel,
            kindLabel: i.kindLabel,
            amountYuan: i.amountYuan ?? 0,
            office: i.office
          }))
        }))
      })
    } catch (e) {
      setList({ status: 'error', message: messageOf(e) })
    }
  }, [region])

  useOnShow(() => {
    void load()
  })

  return {
    list,
    regionName: region && remembered && remembered.code.startsWith(region) ? remembered.name : '各地',
    objection,
    error,
    busy,
    sent,
    onObject: (batchId: string, claimId: string) => {
      setObjection({ batchId, claimId, reason: '', phone: '' })
      setError(null)
      setSent(false)
    },
    onReason: (reason: string) => setObjection((o) => (o ? { ...o, reason } : o)),
    onPhone: (phone: string) => setObjection((o) => (o ? { ...o, phone: phone.replace(/\D/g, '').slice(0, 11) } : o)),
    onCancel: () => setObjection(null),
    onSend: async () => {
      if (!objection || busy) return
      if (objection.reason.trim().length < 5) return setError('请把情况写清楚一些（至少5个字）')
      if (!isMobilePhone(objection.phone)) return setError('请填写正确的11位手机号，方便审核员联系你')
      setBusy(true)
      setError(null)
      try {
        await fileObjection(objection.batchId, { itemId: objection.claimId, content: objection.reason.trim(), contactPhone: objection.phone })
        setObjection(null)
        setSent(true)
      } catch (e) {
        setError(messageOf(e))
      } finally {
        setBusy(false)
      }
    },
    onRetry: () => {
      setList({ status: 'loading' })
      void load()
    }
  }
}
