import { PageShell } from '../../../components/page-shell'
import { ClaimFormView } from '../../../components/claims-ui'
import { Loading } from '../../../components/signup-ui'
import { StateView } from '../../../components/ui/state-view'
import { useApply } from './use-apply'

export default function ApplyPage() {
  return (
    <PageShell>
      <Content />
    </PageShell>
  )
}

function Content() {
  const p = useApply()
  if (p.status === 'needLogin') return <StateView kind='empty' title='请先登录' detail='登录后才能申请补贴' actionText='去登录' onAction={p.onLogin} />
  if (p.status === 'error') return <StateView kind='error' title={p.loadError ?? '加载失败'} actionText='重试' onAction={p.onRetry} />
  if (p.status !== 'ready') return <Loading />
  return <ClaimFormView {...p.form} />
}
