import { PageShell } from '../../../components/page-shell'
import { NoticeEditorView } from '../../../components/notice-editor-view'
import { useNoticeEditor } from './use-notice-editor'

export default function NoticeEditorPage() {
  return (
    <PageShell>
      <NoticeEditorView {...useNoticeEditor()} />
    </PageShell>
  )
}
