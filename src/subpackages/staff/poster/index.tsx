import { PosterView } from '../../../components/staff-views'
import { StaffGateView } from '../gate'
import { useStaffGate } from '../use-staff'
import { usePoster } from './use-poster'

export default function StaffPosterPage() {
  const g = useStaffGate()
  const p = usePoster(g.gate.status === 'ready' ? g.gate.station : null)
  return (
    <StaffGateView gate={g.gate} onLogin={g.onLogin} onHome={g.onHome} onRetry={() => void g.reload()}>
      {(station) => <PosterView station={station} {...p} />}
    </StaffGateView>
  )
}
