import { StaffProxyFormView } from '../../../components/staff-views/proxy-setup'
import { StaffGateView } from '../gate'
import { useStaffGate } from '../use-staff'
import { useStaffProxy } from './use-staff-proxy'

export default function StaffProxyPage() {
  const g = useStaffGate()
  const p = useStaffProxy()
  return (
    <StaffGateView gate={g.gate} onLogin={g.onLogin} onHome={g.onHome} onRetry={() => void g.reload()}>
      {() => <StaffProxyFormView {...p} />}
    </StaffGateView>
  )
}
