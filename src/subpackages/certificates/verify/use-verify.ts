import { useState } from 'react'
import type { CertificateVerify } from '../../../contract'
import { verifyCertificate } from '../../../services/api/certificates'
import { messageOf } from '../../../services/http/errors'
import { go } from '../../../services/platform'

export function useVerify() {
  const [number, setNumber] = useState('')
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [result, setResult] = useState<CertificateVerify | null>(null)
  return {
    number,
    name,
    busy,
    error,
    result,
    onNumber: (v: string) => setNumber(v.toUpperCase().slice(0, 40)),
    onName: (v: string) => setName(v.slice(0, 20)),
    onInstitution: () => go('institutionVerify'),
    onSubmit: async () => {
      if (!number.trim()) return setError('请填写证书编号')
      if (!name.trim()) return setError('请填写持证人姓名')
      setBusy(true)
      setError(null)
      setResult(null)
      try {
        setResult(await verifyCertificate(number.trim(), name.trim()))
      } catch (e) {
        setError(messageOf(e))
      } finally {
        setBusy(false)
      }
    }
  }
}
