import { PageShell } from '../../../components/page-shell'
import { LoginView } from '../../../components/login-view'
import { useLogin } from './use-login'

export default function LoginPage() {
  return <PageShell><LoginView {...useLogin()} /></PageShell>
}
