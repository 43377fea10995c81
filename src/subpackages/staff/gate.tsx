import type { ReactNode } from 'react'
import { Loading } from '../../components/signup-ui'
import { StateView } from '../../components/ui/state-view'
import { PageShell } from '../../components/page-shell'
import type { StaffGate } from './use-staff'

/** What a staff page shows before it knows the caller is station staff; every staff page follows 关怀模式. */
export function StaffGateView(p: { gate: StaffGate; onLogin(): void; onHome(): void; onRetry(): void; children: (station: Extract<StaffGate, { status: 'ready' }>['station']) => ReactNode }) {
  // in the page shell: 关怀模式, and the privacy sheet for the poster's 保存到相册
  return <PageShell>{gated(p)}</PageShell>
}

function gated(p: { gate: StaffGate; onLogin(): void; onHome(): void; onRetry(): void; children: (station: Extract<StaffGate, { status: 'ready' }>['station']) => ReactNode }) {
  const g = p.gate
  if (g.status === 'ready') return <>{p.children(g.station)}</>
  if (g.status === 'needLogin') return <StateView kind='empty' title='请先登录' detail='用服务站工作人员的手机号登录' actionText='去登录' onAction={p.onLogin} />
  if (g.status === 'forbidden') return <StateView kind='empty' title='这个账号不是服务站工作人员' detail='工作台只给就业服务站、零工市场的工作人员使用' actionText='回首页' onAction={p.onHome} />
  if (g.status === 'error') return <StateView kind='error' title={g.message} actionText='重试' onAction={p.onRetry} />
  return <Loading />
}
