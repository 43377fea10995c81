import { useCallback, useState } from 'react'
import type { Certificate } from '../../../contract'
import { deleteCertificate, getCertificate, photoSrc } from '../../../services/api/certificates'
import { isNotFound, messageOf } from '../../../services/http/errors'
import { confirm, getPageParams, go, goBack, toast, useOnShow } from '../../../services/platform'

type State = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; cert: Certificate }

export function useCertificateDetail() {
  const [state, setState] = useState<State>({ status: 'loading' })
  const [photos, setPhotos] = useState<Record<string, string>>({})

  const load = useCallback(async () => {
    const id = getPageParams().id ?? ''
    try {
      const cert = await getCertificate(id)
      setState({ status: 'ready', cert })
      // a refused photo is hidden on the server too (410): nothing to load
      const refused = new Set(cert.photoChecks.filter((c) => c.safety === 'refused').map((c) => c.id))
      for (const p of cert.photos) if (!refused.has(p)) photoSrc(p).then((src) => setPhotos((m) => ({ ...m, [p]: src })), () => undefined)
    } catch (e) {
      setState({ status: 'error', message: isNotFound(e) ? '没有找到这本证书' : messageOf(e) })
    }
  }, [])
  useOnShow(() => void load())

  return {
    state,
    photos,
    onBackToList: () => go('certificates'),
    onRetry: () => void load(),
    onDelete: async () => {
      if (state.status !== 'ready') return
      if (!(await confirm('删除证书', '确定删除这本证书和它的照片吗？', '删除'))) return
      try {
        await deleteCertificate(state.cert.id)
        toast('已删除', 'success')
        goBack()
      } catch (e) {
        toast(messageOf(e))
      }
    }
  }
}
