import { QueueView } from '../../../components/staff-views'
import { StaffGateView } from '../gate'
import { useStaffGate } from '../use-staff'
import { useStaffQueue } from './use-staff-queue'

export default function StaffQueuePage() {
  const g = useStaffGate()
  const p = useStaffQueue()
  return (
    <StaffGateView gate={g.gate} onLogin={g.onLogin} onHome={g.onHome} onRetry={() => void g.reload()}>
      {() => <QueueView {...p} />}
    </StaffGateView>
  )
}
