import { HomeView } from '../../components/home-view'
import { useHome } from './use-home'

export default function HomePage() {
  return <HomeView {...useHome()} />
}
