/** One claim: state, next step, deadline, the whole timeline, and the worker's flows (补正, 申诉, 更新收款账户, 撤回). */
import { useCallback, useState } from 'react'
import type { SubsidyClaim } from '../../../contract'
import type { ClaimDetail, ClaimDetailProps, DetailFlow, PayoutType } from '../../../components/claims-ui'
import type { Loadable } from '../../../components/async'
import { appealClaim, getClaim, supplementClaim, updateClaimPayoutAccount, withdrawClaim } from '../../../services/api/claims'
import { isUnauthenticated } from '../../../services/http/authed'
import { messageOf } from '../../../services/http/errors'
import { confirm, getPageParams, go, replace, toast, useOnShow } from '../../../services/platform'
import { cardDigits, payoutBody, toDetail } from '../shared'
import { useSignIn } from '../../../hooks/use-gate'

export function useClaimDetail() {
  const [claimId] = useState(() => getPageParams().id ?? '')
  const [claim, setClaim] = useState<Loadable<ClaimDetail> | { status: 'needLogin' }>({ status: 'loading' })
  const [raw, setRaw] = useState<SubsidyClaim | null>(null)
  const [flow, setFlow] = useState<DetailFlow>(null)
  const [note, setNote] = useState('')
  const [payoutType, setPayoutType] = useState<PayoutType>('bank_card')
  const [bankName, setBankName] = useState('')
  const [accountNumber, setAccountNumber] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const signIn = useSignIn()

  const show = (c: SubsidyClaim) => {
    setRaw(c)
    setClaim({ status: 'ready', data: toDetail(c) })
  }

  const load = useCallback(async () => {
    if (!claimId) {
      setClaim({ status: 'error', message: '没有找到这个申请' })
      return
    }
    try {
      if (!(await signIn.session())) return setClaim({ status: 'needLogin' })
      show(await getClaim(claimId))
    } catch (e) {
      if (isUnauthenticated(e)) {
        setClaim({ status: 'needLogin' })
        signIn.ended()
      } else setClaim({ status: 'error', message: messageOf(e) })
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [claimId])

  useOnShow(() => {
    void load()
  })

  const onSend = async () => {
    if (busy || !raw) return
    setError(null)
    let action: (() => Promise<SubsidyClaim>) | null = null
    if (flow === 'supplement') {
      if (note.trim().length < 2) return setError('请写一句说明，告诉审核员补充了什么')
      action = () => supplementClaim(raw.id, note.trim())
    } else if (flow === 'appeal') {
      if (note.trim().length < 2) return setError('请写明申诉理由')
      action = () => appealClaim(raw.id, note.trim())
    } else if (flow === 'account') {
      const payout = payoutBody(payoutType, accountNumber, bankName)
      if ('problem' in payout) return setError(payout.problem)
      action = () => updateClaimPayoutAccount(raw.id, payout.body)
    }
    if (!action) return
    setBusy(true)
    try {
      show(await action())
      setFlow(null)
      setNote('')
      toast(flow === 'appeal' ? '申诉已提交' : flow === 'account' ? '收款账户已更新' : '补正已提交', 'success')
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }

  const view: Omit<ClaimDetailProps, 'claim'> = {
    can: {
      withdraw: !!raw?.canWithdraw,
      supplement: raw?.state === 'needs_supplement',
      appeal: !!raw?.canAppeal,
      account: raw?.state === 'payment_failed'
    },
    flow,
    note,
    bankName,
    accountNumber,
    payoutType,
    error,
    busy,
    onFlow: (f) => {
      setFlow(f)
      setError(null)
    },
    onNote: setNote,
    onPayoutType: setPayoutType,
    onBankName: setBankName,
    onAccountNumber: (v) => setAccountNumber(cardDigits(v)),
    onSend: () => void onSend(),
    onWithdraw: async () => {
      if (!raw || !(await confirm('撤回申请', '撤回后这个申请就结束了，以后可以重新申请。确定撤回吗？', '确定撤回'))) return
      try {
        show(await withdrawClaim(raw.id))
        toast('已撤回', 'success')
      } catch (e) {
        toast(messageOf(e))
      }
    },
    onMine: () => replace('subsidies')
  }

  return { claim, view, onLogin: () => go('login'), onMine: () => replace('subsidies') }
}
