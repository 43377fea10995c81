import { ListView } from '../../../components/staff-views'
import { Loading } from '../../../components/signup-ui'
import { StateView } from '../../../components/ui/state-view'
import { StaffGateView } from '../gate'
import { useStaffGate } from '../use-staff'
import { useStationList } from './use-station-list'

export default function StaffListPage() {
  const g = useStaffGate()
  const p = useStationList(g.gate.status === 'ready')
  return (
    <StaffGateView gate={g.gate} onLogin={g.onLogin} onHome={g.onHome} onRetry={() => void g.reload()}>
      {() =>
        p.list.status === 'ready' ? (
          <ListView list={p.list.data} note={p.note} query={p.query} exporting={p.exporting} onDate={p.onDate} onQuery={p.onQuery} onSearch={p.onSearch} onExport={p.onExport} />
        ) : p.list.status === 'error' ? (
          <StateView kind='error' title={p.list.message} actionText='重试' onAction={p.onRetry} />
        ) : (
          <Loading />
        )
      }
    </StaffGateView>
  )
}
