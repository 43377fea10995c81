import { PageShell } from '../../components/page-shell'
import { InboxView } from '../../components/claims-ui'
import { Loading } from '../../components/signup-ui'
import { StateView } from '../../components/ui/state-view'
import { useInbox } from './use-inbox'

export default function InboxPage() {
  return (
    <PageShell>
      <Content />
    </PageShell>
  )
}

function Content() {
  const p = useInbox()
  if (p.list.status === 'needLogin') return <StateView kind='empty' title='请先登录' detail='登录后查看消息' actionText='去登录' onAction={p.onLogin} />
  if (p.list.status === 'error') return <StateView kind='error' title={p.list.message} actionText='重试' onAction={p.onRetry} />
  if (p.list.status !== 'ready') return <Loading />
  return <InboxView {...p} items={p.list.data} />
}
