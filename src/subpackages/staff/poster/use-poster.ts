import { useMemo } from 'react'
import qrcode from 'qrcode-generator'
import type { Station } from '../../../contract/staff'
import { pagePath } from '../../../services/platform'
import { CAN_PRINT, printPage, publicUrl } from '../../../services/platform/public-url'

/** The station's QR code: the app's course list near the station, with the station as referral. */
export function usePoster(station: Station | null) {
  const link = station ? publicUrl(pagePath('courses', { station: station.id })) : ''
  const qrDataUrl = useMemo(() => {
    if (!link) return ''
    const qr = qrcode(0, 'M')
    qr.addData(link)
    qr.make()
    return qr.createDataURL(8, 4)
  }, [link])
  return { link, qrDataUrl, canPrint: CAN_PRINT, onPrint: printPage }
}
