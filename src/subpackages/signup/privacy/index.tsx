import { PageShell } from '../../../components/page-shell'
import { PrivacyView } from '../../../components/privacy-view'
import { StateView } from '../../../components/ui/state-view'
import { usePrivacy } from './use-privacy'
import { LoadingState } from '../../../components/ui'

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
  if (p.notice.status !== 'ready') return <LoadingState />
  return <PrivacyView {...p} notice={p.notice.data} />
}
