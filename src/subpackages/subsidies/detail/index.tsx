import { PageShell } from '../../../components/page-shell'
import { ClaimDetailView } from '../../../components/claims-ui'
import { Loading } from '../../../components/signup-ui'
import { StateView } from '../../../components/ui/state-view'
import { useClaimDetail } from './use-claim-detail'

export default function ClaimDetailPage() {
  return (
    <PageShell>
      <Content />
    </PageShell>
  )
}

function Content() {
  const p = useClaimDetail()
  if (p.claim.status === 'needLogin') return <StateView kind='empty' title='请先登录' detail='登录后查看申请进度' actionText='去登录' onAction={p.onLogin} />
  if (p.claim.status === 'error') return <StateView kind='error' title={p.claim.message} actionText='回到我的补贴' onAction={p.onMine} />
  if (p.claim.status !== 'ready') return <Loading />
  return <ClaimDetailView {...p.view} claim={p.claim.data} />
}
