import { PageShell } from '../../../components/page-shell'
import { NoticePosterView } from '../../../components/notices'
import { useNoticePoster } from './use-notice-poster'

export default function NoticePosterPage() {
  return (
    <PageShell>
      <NoticePosterView {...useNoticePoster()} />
    </PageShell>
  )
}
