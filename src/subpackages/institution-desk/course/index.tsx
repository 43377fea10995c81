import { CareSwitch, PageShell } from '../../../components/page-shell'
import { useCareSetting } from '../../../pages/shared/use-care-setting'
import { DeskCourseView, MakeUpSheet } from '../../../components/training-views'
import { LoadingState } from '../../../components/ui'
import { StateView } from '../../../components/ui'
import { DeskGateView } from '../gate-view'
import { useDeskCourse } from './use-desk-course'

export default function DeskCoursePage() {
  return (
    <PageShell>
      <CareSwitch {...useCareSetting()} />
      <Content />
    </PageShell>
  )
}

function Content() {
  const p = useDeskCourse()
  return (
    <DeskGateView {...p.gate}>
      {() =>
        p.data.status === 'error' ? (
          <StateView kind='error' title={p.data.message} actionText='重试' onAction={p.onRetry} />
        ) : p.data.status !== 'ready' ? (
          <LoadingState />
        ) : (
          <>
            <DeskCourseView {...p.view} />
            {p.makeUp && <MakeUpSheet {...p.makeUp} />}
          </>
        )
      }
    </DeskGateView>
  )
}
