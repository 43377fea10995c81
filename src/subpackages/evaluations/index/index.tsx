import { CareSwitch, PageShell } from '../../../components/page-shell'
import { useCareSetting } from '../../../pages/shared/use-care-setting'
import { EvaluationsView } from '../../../components/training-views'
import { LoadingState } from '../../../components/ui'
import { StateView } from '../../../components/ui'
import { useEvaluations } from './use-evaluations'

export default function EvaluationsPage() {
  return (
    <PageShell>
      <CareSwitch {...useCareSetting()} />
      <Content />
    </PageShell>
  )
}

function Content() {
  const p = useEvaluations()
  if (p.state.status === 'needLogin') return <StateView kind='empty' title='请先登录' detail='登录后查看可以报名的认定考试' actionText='去登录' onAction={p.onLogin} />
  if (p.state.status === 'error') return <StateView kind='error' title={p.state.message} actionText='重试' onAction={p.onRetry} />
  if (p.state.status !== 'ready') return <LoadingState />
  return <EvaluationsView {...p.view} />
}
