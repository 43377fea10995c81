import type { ReactNode } from 'react'
import { LoadingState } from '../../components/ui'
import { StateView } from '../../components/ui'
import type { GateStatus } from '../../hooks/use-gate'
import type { Loadable } from '../../components/async'
import { CareSwitch, PageShell } from '../../components/page-shell'
import { useCareSetting } from '../../pages/shared/use-care-setting'

/** What a desk page shows before it is ready: login, no role, an error, or loading. */
export function DeskGateView(p: { gate: GateStatus; gateMessage: string; onLogin(): void; onHome(): void; onRetry(): void; children: () => ReactNode }) {
  if (p.gate === 'needLogin') return <StateView kind='empty' title='请先登录' detail='机构工作人员请用手机号和短信验证码登录' actionText='去登录' onAction={p.onLogin} />
  if (p.gate === 'forbidden') return <StateView kind='error' title='你没有机构工作台的权限' detail='需要管理员为你开通培训机构工作人员角色' actionText='回首页' onAction={p.onHome} />
  if (p.gate === 'error') return <StateView kind='error' title={p.gateMessage} actionText='重试' onAction={p.onRetry} />
  if (p.gate !== 'ready') return <LoadingState />
  return <>{p.children()}</>
}

interface DeskData {
  gate: Omit<Parameters<typeof DeskGateView>[0], 'children'>
  data: Loadable<unknown>
  onRetry(): void
}

/**
 * A desk page: the shell with its 关怀模式 switch, then — inside the shell, whose context the page's hook reads —
 * the gate, the page's data (error → 重试, loading) and its view.
 */
export function DeskPage<P extends DeskData>(props: { useData: () => P; render: (p: P) => ReactNode }) {
  return (
    <PageShell>
      <CareSwitch {...useCareSetting()} />
      <DeskBody {...props} />
    </PageShell>
  )
}

function DeskBody<P extends DeskData>({ useData, render }: { useData: () => P; render: (p: P) => ReactNode }) {
  const p = useData()
  return (
    <DeskGateView {...p.gate}>
      {() =>
        p.data.status === 'error' ? (
          <StateView kind='error' title={p.data.message} actionText='重试' onAction={p.onRetry} />
        ) : p.data.status !== 'ready' ? (
          <LoadingState />
        ) : (
          render(p)
        )
      }
    </DeskGateView>
  )
}
