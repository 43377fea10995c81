import { PageShell } from '../../../components/page-shell'
import { ProxiesView } from '../../../components/proxies-view'
import { Loading } from '../../../components/signup-ui'
import { StateView } from '../../../components/ui/state-view'
import { useProxies } from './use-proxies'

export default function ProxiesPage() {
  return (
    <PageShell>
      <Content />
    </PageShell>
  )
}

function Content() {
  const p = useProxies()
  if (p.state.status === 'needLogin') return <StateView kind='empty' title='请先登录' detail='登录后邀请亲属代办，或替家人办理' actionText='去登录' onAction={p.onLogin} />
  if (p.state.status === 'error') return <StateView kind='error' title={p.state.message} actionText='重试' onAction={p.onRetry} />
  if (p.state.status !== 'ready') return <Loading />
  return <ProxiesView {...p} {...p.state.data} />
}
