import { PageShell } from '../../../components/page-shell'
import { AnnouncementsView } from '../../../components/claims-ui'
import { Loading } from '../../../components/signup-ui'
import { StateView } from '../../../components/ui/state-view'
import { useAnnouncements } from './use-announcements'

export default function AnnouncementsPage() {
  return (
    <PageShell>
      <Content />
    </PageShell>
  )
}

function Content() {
  const p = useAnnouncements()
  if (p.list.status === 'error') return <StateView kind='error' title={p.list.message} actionText='重试' onAction={p.onRetry} />
  if (p.list.status !== 'ready') return <Loading />
  return <AnnouncementsView {...p} batches={p.list.data} />
}
