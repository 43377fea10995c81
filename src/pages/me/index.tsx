import { PageShell } from '../../components/page-shell'
import { MeView } from '../../components/me-view'
import { useMe } from './use-me'

export default function MePage() {
  return <PageShell><MeView {...useMe()} /></PageShell>
}
