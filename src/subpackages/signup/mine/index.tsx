import { CareSwitch, PageShell } from '../../../components/page-shell'
import { useCareSetting } from '../../../pages/shared/use-care-setting'
import { MineView } from '../../../components/mine-view'
import { Loading } from '../../../components/signup-ui'
import { StateView } from '../../../components/ui/state-view'
import { useMine } from './use-mine'

export default function MinePage() {
  return (
    <PageShell>
      <CareSwitch {...useCareSetting()} />
      <MineContent />
    </PageShell>
  )
}

function MineContent() {
  const p = useMine()
  if (p.list.status === 'needLogin') return <StateView kind='empty' title='请先登录' detail='登录后查看你报名的课程' actionText='去登录' onAction={p.onLogin} />
  if (p.list.status === 'error') return <StateView kind='error' title={p.list.message} actionText='重试' onAction={p.onRetry} />
  if (p.list.status !== 'ready') return <Loading />
  return <MineView {...p} items={p.list.data} />
}
