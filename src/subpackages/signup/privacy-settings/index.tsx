import { CareSwitch, PageShell } from '../../../components/page-shell'
import { useCareSetting } from '../../../pages/shared/use-care-setting'
import { PrivacySettingsView } from '../../../components/my-data-view'
import { Loading } from '../../../components/signup-ui'
import { StateView } from '../../../components/ui/state-view'
import { usePrivacySettings } from './use-privacy-settings'

export default function PrivacySettingsPage() {
  return (
    <PageShell>
      <CareSwitch {...useCareSetting()} />
      <PrivacySettingsContent />
    </PageShell>
  )
}

function PrivacySettingsContent() {
  const p = usePrivacySettings()
  if (p.state.status === 'needLogin') return <StateView kind='empty' title='请先登录' detail='登录后管理你的隐私设置' actionText='去登录' onAction={p.onLogin} />
  if (p.state.status === 'error') return <StateView kind='error' title={p.state.message} actionText='重试' onAction={p.onRetry} />
  if (p.state.status !== 'ready') return <Loading />
  return <PrivacySettingsView {...p} notice={p.state.data} />
}
