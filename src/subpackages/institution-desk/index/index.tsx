import { CareSwitch, PageShell } from '../../../components/page-shell'
import { useCareSetting } from '../../../pages/shared/use-care-setting'
import { DeskHomeView } from '../../../components/training-views'
import { LoadingState } from '../../../components/ui'
import { StateView } from '../../../components/ui'
import { DeskGateView } from '../gate-view'
import { useDeskHome } from './use-desk-home'

export default function DeskHomePage() {
  return (
    <PageShell>
      <CareSwitch {...useCareSetting()} />
      <Content />
    </PageShell>
  )
}

function Content() {
  const p = useDeskHome()
  return (
    <DeskGateView {...p.gate}>
      {() =>
        p.data.status === 'error' ? (
          <StateView kind='error' title={p.data.message} actionText='重试' onAction={p.onRetry} />
        ) : p.data.status !== 'ready' ? (
          <LoadingState />
        ) : (
          <DeskHomeView {...p.view} />
        )
      }
    </DeskGateView>
  )
}
