import { PageShell } from '../../../components/page-shell'
import { ObjectionQueueView } from '../../../components/integrity-views'
import { Loading } from '../../../components/signup-ui'
import { StateView } from '../../../components/ui/state-view'
import { useObjections } from './use-objections'

export default function ObjectionsPage() {
  return (
    <PageShell>
      <Content />
    </PageShell>
  )
}

function Content() {
  const p = useObjections()
  if (p.gate === 'needLogin') return <StateView kind='empty' title='请先登录' detail='审核员请用手机号和短信验证码登录' actionText='去登录' onAction={p.onLogin} />
  if (p.gate === 'forbidden') return <StateView kind='error' title='你没有审核权限' detail='需要管理员为你开通审核员角色' actionText='回首页' onAction={p.onHome} />
  if (p.gate === 'error') return <StateView kind='error' title={p.gateMessage} actionText='重试' onAction={p.onRetry} />
  if (p.gate !== 'ready') return <Loading />
  return <ObjectionQueueView {...p.view} />
}
