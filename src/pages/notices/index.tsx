import { PageShell } from '../../components/page-shell'
import { NoticeFeedView } from '../../components/notices'
import { useNoticeFeed } from './use-notice-feed'

export default function NoticesPage() {
  return (
    <PageShell>
      <NoticeFeedView {...useNoticeFeed()} />
    </PageShell>
  )
}
