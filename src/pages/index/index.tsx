import { PageShell } from '../../components/page-shell'
import { HomeView } from '../../components/home-view'
import { useHome } from './use-home'

export default function HomePage() {
  return <PageShell><HomeView {...useHome()} /></PageShell>
}
