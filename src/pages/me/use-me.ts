import { useMemo } from 'react'
import type { Entry } from '../../components/entry-grid'
import { WORKBENCH_ENTRIES } from '../../components/me-view'
import { useKnownSession } from '../../hooks/use-gate'
import { go, type PageName } from '../../services/platform'
import { useSession } from '../../store/session'
import { useSettings } from '../../store/settings'

const PAGES_OF: Record<string, PageName> = {
  mine: 'mine',
  certificates: 'certificates',
  subsidies: 'subsidies',
  profile: 'profile',
  proxies: 'proxies',
  privacySettings: 'privacySettings',
  staff: 'staff',
  review: 'review',
  desk: 'desk',
  evaluations: 'evaluations'
}

export function useMe() {
  const me = useSession((s) => s.me)
  const elderMode = useSettings((s) => s.elderMode)
  // a returning worker is recognised without a tap (silent login on weapp; a kept session on H5)
  useKnownSession()
  const workbenches = useMemo(() => {
    const roles = new Set<string>((me?.roles ?? []).map((r) => r.role))
    const list: Entry[] = []
    if (roles.has('station_staff')) list.push(WORKBENCH_ENTRIES.staff)
    if (roles.has('reviewer')) list.push(WORKBENCH_ENTRIES.review)
    if (roles.has('institution_staff')) list.push(WORKBENCH_ENTRIES.desk)
    return list
  }, [me])
  return {
    who: me ? (me.phoneMasked ? `已登录：${me.phoneMasked}` : '已登录') : null,
    workbenches,
    elderMode,
    onElderMode: (on: boolean) => useSettings.getState().setElderMode(on),
    onOpen: (key: string) => {
      const page = PAGES_OF[key]
      if (page) go(page)
    },
    onLogin: () => go('login')
  }
}
