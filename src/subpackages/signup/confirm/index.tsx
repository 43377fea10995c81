import { PageShell } from '../../../components/page-shell'
import { EnrollSheet } from '../../../components/enroll-sheet'
import { EnrollSuccess } from '../../../components/enroll-success'
import { ProfileForm } from '../../../components/profile-form'
import { Loading } from '../../../components/signup-ui'
import { StateView } from '../../../components/ui/state-view'
import { useConfirm } from './use-confirm'
import { useEligibilityListen } from './use-eligibility-listen'

export default function ConfirmPage() {
  return (
    <PageShell>
      <ConfirmContent />
    </PageShell>
  )
}

function ConfirmContent() {
  const p = useConfirm()
  const l = useEligibilityListen(p.items)
  switch (p.step.kind) {
    case 'loading':
      return <Loading />
    case 'needLogin':
      return <StateView kind='empty' title='请先登录' detail='登录后才能报名' actionText='去登录' onAction={p.onLogin} />
    case 'needConsent':
      return (
        <StateView kind='empty' title='需要先同意隐私保护指引' detail='报名要用到你的姓名、身份证号和手机号' actionText='查看隐私保护指引' onAction={p.onPrivacy} />
      )
    case 'error':
      return <StateView kind='error' title={p.step.message} actionText='重试' onAction={p.onRetry} />
    case 'profile':
      return <ProfileForm {...p} course={p.courseBrief} />
    case 'sheet':
      return p.course ? (
        <EnrollSheet
          course={p.course}
          items={p.items}
          submitting={p.submitting}
          error={p.refusal?.message ?? null}
          showMine={p.refusal?.showMine ?? false}
          onConfirm={p.onConfirm}
          onMine={p.onMine}
          listen={{ state: l.listen, onPlay: l.onPlay, onPause: l.onPause }}
        />
      ) : (
        <Loading />
      )
    case 'done':
      return p.course ? <EnrollSuccess {...p} course={p.course} /> : <Loading />
  }
}
