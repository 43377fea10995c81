import { LoginView } from '../../../components/login-view'
import { useLogin } from './use-login'

export default function LoginPage() {
  return <LoginView {...useLogin()} />
}
