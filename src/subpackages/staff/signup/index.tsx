import { SignupFormView } from '../../../components/staff-views'
import { StaffGateView } from '../gate'
import { useStaffGate } from '../use-staff'
import { useStaffSignup } from './use-staff-signup'

export default function StaffSignupPage() {
  const g = useStaffGate()
  const p = useStaffSignup(g.gate.status === 'ready' ? g.gate.station : null)
  return (
    <StaffGateView gate={g.gate} onLogin={g.onLogin} onHome={g.onHome} onRetry={() => void g.reload()}>
      {() => <SignupFormView {...p} />}
    </StaffGateView>
  )
}
