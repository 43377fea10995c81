import { PageShell } from '../../../components/page-shell'
import { ClaimsListView } from '../../../components/claims-ui'
import { Loading } from '../../../components/signup-ui'
import { StateView } from '../../../components/ui/state-view'
import { useClaims } from './use-claims'

export default function MyClaimsPage() {
  return (
    <PageShell>
      <Content />
    </PageShell>
  )
}

function Content() {
  const p = useClaims()
  if (p.list.status === 'needLogin') return <StateView kind='empty' title='请先登录' detail='登录后查看你的补贴申请' actionText='去登录' onAction={p.onLogin} />
  if (p.list.status === 'error') return <StateView kind='error' title={p.list.message} actionText='重试' onAction={p.onRetry} />
  if (p.list.status !== 'ready') return <Loading />
  return <ClaimsListView {...p} claims={p.list.data} />
}
