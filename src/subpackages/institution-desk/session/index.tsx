import { CareSwitch, PageShell } from '../../../components/page-shell'
import { useCareSetting } from '../../../pages/shared/use-care-setting'
import { SessionCodeView } from '../../../components/training-views'
import { DeskGateView } from '../gate-view'
import { useSessionCode } from './use-session-code'

export default function DeskSessionPage() {
  return (
    <PageShell>
      <CareSwitch {...useCareSetting()} />
      <Content />
    </PageShell>
  )
}

function Content() {
  const p = useSessionCode()
  return <DeskGateView {...p.gate}>{() => <SessionCodeView {...p.view} />}</DeskGateView>
}
