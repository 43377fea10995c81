import { CareSwitch, PageShell } from '../../../components/page-shell'
import { useCareSetting } from '../../../pages/shared/use-care-setting'
import { MyDataView } from '../../../components/my-data-view'
import { Loading } from '../../../components/signup-ui'
import { StateView } from '../../../components/ui/state-view'
import { useMyData } from './use-my-data'

export default function MyDataPage() {
  return (
    <PageShell>
      <CareSwitch {...useCareSetting()} />
      <MyDataContent />
    </PageShell>
  )
}

function MyDataContent() {
  const p = useMyData()
  if (p.state.status === 'needLogin') return <StateView kind='empty' title='请先登录' detail='登录后查看和修改你的资料' actionText='去登录' onAction={p.onLogin} />
  if (p.state.status === 'needConsent')
    return <StateView kind='empty' title='你还没有同意隐私保护指引' detail='同意后才能保存资料；也可以在隐私设置里查看指引' actionText='查看隐私保护指引' onAction={p.onPrivacy} />
  if (p.state.status === 'error') return <StateView kind='error' title={p.state.message} actionText='重试' onAction={p.onRetry} />
  if (p.state.status !== 'ready') return <Loading />
  return <MyDataView {...p} profile={p.state.data} />
}
