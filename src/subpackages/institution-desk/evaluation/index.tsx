import { EvaluationResultsView } from '../../../components/training-views'
import { DeskPage } from '../gate-view'
import { useEvaluationResults } from './use-evaluation-results'

export default function DeskEvaluationPage() {
  return (
    <DeskPage
      useData={useEvaluationResults}
      render={(p) => (
        <EvaluationResultsView {...p.view} />
      )}
    />
  )
}
