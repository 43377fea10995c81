import { useState } from 'react'
import type { InstitutionVerify } from '../../../contract'
import { verifyInstitution } from '../../../services/api/certificates'
import { messageOf } from '../../../services/http/errors'

/** Shown before any query too: the warning matters most to someone about to pay. */
export const SCAM_WARNING = '凡是说“交钱包过”“不用考试直接拿证”“内部渠道办证”的都是骗局：正规证书都要经过考核，能在全国联网查询里查到。遇到这类情况请拨打 12333 举报。'

export function useInstitutionVerify() {
  const [q, setQ] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [result, setResult] = useState<InstitutionVerify | null>(null)
  return {
    q,
    busy,
    error,
    result,
    scamWarning: result?.scamWarning ?? SCAM_WARNING,
    onQ: (v: string) => setQ(v.slice(0, 60)),
    onSubmit: async () => {
      if (q.trim().length < 2) return setError('请填写机构名称（至少两个字）或统一社会信用代码')
      setBusy(true)
      setError(null)
      setResult(null)
      try {
        setResult(await verifyInstitution(q.trim()))
      } catch (e) {
        setError(messageOf(e))
      } finally {
        setBusy(false)
      }
    }
  }
}
