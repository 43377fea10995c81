import { CareSwitch, PageShell } from '../../../components/page-shell'
import { useCareSetting } from '../../../pages/shared/use-care-setting'
import { EvaluationResultsView } from '../../../components/training-views'
import { LoadingState } from '../../../components/ui'
import { StateView } from '../../../components/ui'
import { DeskGateView } from '../gate-view'
import { useEvaluationResults } from './use-evaluation-results'

export default function DeskEvaluationPage() {
  return (
    <PageShell>
      <CareSwitch {...useCareSetting()} />
      <Content />
    </PageShell>
  )
}

function Content() {
  const p = useEvaluationResults()
  return (
    <DeskGateView {...p.gate}>
      {() =>
        p.data.status === 'error' ? (
          <StateView kind='error' title={p.data.message} actionText='重试' onAction={p.onRetry} />
        ) : p.data.status !== 'ready' ? (
          <LoadingState />
        ) : (
          <EvaluationResultsView {...p.view} />
        )
      }
    </DeskGateView>
  )
}
