import { useCallback, useEffect, useState } from 'react'
import type { InstitutionDetail } from '../../contract'
import type { Loadable } from '../../components/async'
import { getInstitution } from '../../services/api/institutions'
import { isNotFound, messageOf } from '../../services/http/errors'
import { callPhone, getPageParams, go, openMap, setPageTitle } from '../../services/platform'

export function useInstitution() {
  const [id] = useState(() => getPageParams().id ?? '')
  const [institution, setInstitution] = useState<Loadable<InstitutionDetail>>({ status: 'loading' })

  const load = useCallback(() => {
    if (!id) {
      setInstitution({ status: 'error', message: '这家培训机构找不到了', notFound: true })
      return
    }
    setInstitution({ status: 'loading' })
    getInstitution(id).then(
      (data) => {
        setInstitution({ status: 'ready', data })
        setPageTitle('培训机构')
      },
      (error: unknown) => setInstitution({ status: 'error', message: messageOf(error), notFound: isNotFound(error) })
    )
  }, [id])

  useEffect(load, [load])

  const data = institution.status === 'ready' ? institution.data : null
  return {
    institution,
    onOpenCourse: (courseId: string) => go('course', { id: courseId }),
    onNavigate: () => data && openMap({ lat: data.lat, lng: data.lng, name: data.name, address: data.address }),
    onCall: () => data && callPhone(data.contactPhone),
    onRetry: load,
    onHome: () => go('home')
  }
}
