import { PageShell } from '../../../components/page-shell'
import { PrivacyView } from '../../../components/privacy-view'
import { Loading } from '../../../components/signup-ui'
import { StateView } from '../../../components/ui/state-view'
import { usePrivacy } from './use-privacy'

export default function PrivacyPage() {
  return (
    <PageShell>
      <PrivacyContent />
    </PageShell>
  )
}

function PrivacyContent() {
  const p = usePrivacy()
  if (p.notice.status === 'error') return <StateView kind='error' title={p.notice.message} actionText='重试' onAction={p.onRetry} />
  if (p.notice.status !== 'ready') return <Loading />
  return <PrivacyView {...p} notice={p.notice.data} />
}
