import { WorkbenchView } from '../../../components/staff-views'
import { StaffGateView } from '../gate'
import { useWorkbench } from './use-workbench'

export default function StaffWorkbenchPage() {
  const p = useWorkbench()
  return (
    <StaffGateView gate={p.gate} onLogin={p.onLogin} onHome={p.onHome} onRetry={() => void p.reload()}>
      {(station) => <WorkbenchView station={station} status={p.status} counts={p.counts} onSignup={p.onSignup} onQueue={p.onQueue} onList={p.onList} onPoster={p.onPoster} onProxy={p.onProxy} />}
    </StaffGateView>
  )
}
