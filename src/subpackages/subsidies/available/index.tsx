import { PageShell } from '../../../components/page-shell'
import { AvailableView } from '../../../components/claims-ui'
import { Loading } from '../../../components/signup-ui'
import { StateView } from '../../../components/ui/state-view'
import { useAvailable } from './use-available'

export default function AvailablePage() {
  return (
    <PageShell>
      <Content />
    </PageShell>
  )
}

function Content() {
  const p = useAvailable()
  if (p.state.status === 'needLogin') return <StateView kind='empty' title='请先登录' detail='登录后看看你能领哪些补贴' actionText='去登录' onAction={p.onLogin} />
  if (p.state.status === 'error') return <StateView kind='error' title={p.state.message} actionText='重试' onAction={p.onRetry} />
  if (p.state.status !== 'ready') return <Loading />
  return <AvailableView {...p} candidates={p.state.data} />
}
