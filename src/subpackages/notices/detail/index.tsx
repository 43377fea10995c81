import { PageShell } from '../../../components/page-shell'
import { NoticeDetailView } from '../../../components/notices'
import { useNoticeDetail } from './use-notice-detail'

export default function NoticeDetailPage() {
  return (
    <PageShell>
      <NoticeDetailView {...useNoticeDetail()} />
    </PageShell>
  )
}
