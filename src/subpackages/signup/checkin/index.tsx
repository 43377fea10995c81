import { CareSwitch, PageShell } from '../../../components/page-shell'
import { useCareSetting } from '../../../pages/shared/use-care-setting'
import { CheckinView } from '../../../components/training-views'
import { LoadingState } from '../../../components/ui'
import { StateView } from '../../../components/ui'
import { useCheckin } from './use-checkin'

export default function CheckinPage() {
  return (
    <PageShell>
      <CareSwitch {...useCareSetting()} />
      <Content />
    </PageShell>
  )
}

function Content() {
  const p = useCheckin()
  if (p.gate === 'needLogin') return <StateView kind='empty' title='请先登录' detail='登录后才能签到' actionText='去登录' onAction={p.onLogin} />
  if (p.gate === 'loading') return <LoadingState />
  return <CheckinView {...p.view} />
}
