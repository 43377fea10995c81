/** 风险隐患清单: the region's open risk flags, filtered by rule; each opens its claim in the workbench. */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { RiskList } from '../../../contract'
import type { Loadable } from '../../../components/async'
import type { RiskListProps } from '../../../components/integrity-views'
import { reviewRisks } from '../../../services/api/claims'
import { messageOf } from '../../../services/http/errors'
import { go } from '../../../services/platform'
import { useGate } from '../../../hooks/use-gate'
import { enterReviewer } from '../enter-reviewer'

export function useRiskList() {
  const entry = useGate({ role: 'reviewer', enter: enterReviewer })
  const { status: gate, message: gateMessage, retry } = entry
  const reviewer = entry.who ?? ''
  const [code, setCode] = useState('')
  const [list, setList] = useState<Loadable<RiskList>>({ status: 'loading' })
  const seq = useRef(0)
  const load = useCallback(async () => {
    const n = ++seq.current
    try {
      const res = await reviewRisks(code)
      if (n === seq.current) setList({ status: 'ready', data: res })
    } catch (e) {
      if (n === seq.current) setList({ status: 'error', message: messageOf(e) })
    }
  }, [code])
  useEffect(() => {
    if (gate === 'ready') void load()
  }, [gate, load])
  const view: RiskListProps = {
    reviewer,
    code,
    list,
    onCode: setCode,
    onOpen: (claimId) => go('review', { id: claimId }),
    onBack: () => go('review')
  }
  return { gate, gateMessage, view, onLogin: entry.onLogin, onHome: entry.onHome, onRetry: retry }
}
