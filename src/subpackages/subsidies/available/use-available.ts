/**
 * 我能领的补贴: every certificate and every finished (or running) course the worker has, each pre-checked
 * by the server (the same domain rules that judge the submission), with the amount and the office.
 */
import { useState } from 'react'
import type { ClaimBody, Enrollment, Precheck } from '../../../contract'
import type { Candidate } from '../../../components/claims-ui'
import { claimKindLabel, type ClaimKind } from '../../../domain/claim-state'
import { myCertificates, myClaims, precheckClaim, type OwnCertificate } from '../../../services/api/claims'
import { myEnrollments } from '../../../services/api/enrollments'
import { go } from '../../../services/platform'
import { useSignedIn } from '../../../hooks/use-gate'

const LEVEL_WORD: Record<string, string> = { '5': '五级', '4': '四级', '3': '三级', '2': '二级', '1': '一级', '0': '特级技师' }

export const certificateSubject = (c: Pick<OwnCertificate, 'occupationName' | 'level'>) => `${c.occupationName}${c.level ? ` ${LEVEL_WORD[c.level] ?? c.level}` : ''}`
export const certificateBasis = (c: Pick<OwnCertificate, 'number' | 'issuedOn' | 'verification'>) =>
  `证书 ${c.number} · ${c.issuedOn} 发证 · ${c.verification === 'verified' ? '已联网核验' : c.verification === 'pending' ? '待人工核验' : '核验未通过'}`

interface Option {
  body: ClaimBody
  subject: string
  basis: string
}

/** What could be claimed, before asking the server: certificates × (评价, 提升), finished courses, running courses. */
export function claimOptions(certs: readonly OwnCertificate[], enrollments: readonly Enrollment[]): Option[] {
  const out: Option[] = []
  for (const c of certs) {
    if (c.verification === 'rejected') continue
    for (const kind of ['evaluation', 'skill_upgrade'] as const) out.push({ body: { kind, certificateId: c.id }, subject: certificateSubject(c), basis: certificateBasis(c) })
  }
  for (const e of enrollments) {
    if (e.status === 'completed') {
      const cert = certs.find((c) => c.occupationName === e.course.occupationName && c.verification !== 'rejected')
      out.push({ body: { kind: 'training', enrollmentId: e.id, ...(cert ? { certificateId: cert.id } : {}) }, subject: e.course.occupationName, basis: `课程：${e.course.title}` })
    }
    if (e.status === 'in_training') out.push({ body: { kind: 'living', enrollmentId: e.id }, subject: e.course.occupationName, basis: `课程：${e.course.title}（培训中）` })
  }
  return out
}

export const optionKey = (b: ClaimBody) => `${b.kind}:${b.certificateId ?? ''}:${b.enrollmentId ?? ''}`

export function toCandidate(o: Option, p: Precheck): Candidate {
  return {
    key: optionKey(o.body),
    kindLabel: claimKindLabel(o.body.kind as ClaimKind),
    subject: o.subject,
    basis: o.basis,
    amountYuan: p.amountYuan,
    // A figure from a public guide is a reference, said plainly; a policy figure cites its document.
    amountNote: p.amountSource ? (p.amountSource.guide ? '参考标准，以当地人社部门公布为准' : `依据：${p.amountSource.document} ${p.amountSource.clause}`) : undefined,
    ok: p.ok,
    office: p.office?.name ?? null,
    verdicts: p.verdicts
  }
}

export function useAvailable() {
  const [options, setOptions] = useState<Option[]>([])
  const [note, setNote] = useState<string | null>(null)

  // on open, on every return and on pull-down
  const { state, onLogin, onRetry } = useSignedIn<Candidate[]>(async () => {
      const [certs, enrollments, claims] = await Promise.all([myCertificates().catch(() => ({ items: [] })), myEnrollments(), myClaims()])
      // Already claimed (and not closed): shown in 我的补贴, not offered again.
      const open = new Set(claims.items.filter((c) => c.state !== 'withdrawn' && c.state !== 'rejected').map((c) => `${c.kind}:${c.certificateId ?? ''}:${c.enrollmentId ?? ''}`))
      const opts = claimOptions(certs.items, enrollments.items).filter((o) => !open.has(optionKey(o.body)))
      const checks = await Promise.all(opts.map((o) => precheckClaim(o.body)))
      const candidates = opts.map((o, i) => toCandidate(o, checks[i]))
      // Every subsidy that passes is listed (评价 and 提升 on one certificate alike: the worker picks one);
      // a certificate with none passing shows one refusal, not two.
      const passing = candidates.filter((c) => c.ok)
      const passedBasis = new Set(passing.map((c) => c.basis))
      const seen = new Set<string>()
      const refused = candidates.filter((c) => !c.ok && !passedBasis.has(c.basis)).filter((c) => !seen.has(c.basis) && (seen.add(c.basis), true))
      const unique = [...passing, ...refused]
      const twoOnOne = passing.length > passedBasis.size
      setOptions(opts)
      setNote(
        certs.items.length === 0
          ? '还没有你的证书记录。证书可以从全国联网库一键查询导入，不用拍照。'
          : twoOnOne
            ? '同一本证书的职业技能评价补贴和技能提升补贴只能领其中一项，选对你更合适的一项申请。'
            : null
      )
      return unique
  })

  return {
    state,
    note,
    onApply: (key: string) => {
      const o = options.find((x) => optionKey(x.body) === key)
      if (o) go('claimApply', { kind: o.body.kind, certificateId: o.body.certificateId, enrollmentId: o.body.enrollmentId })
    },
    onCourses: () => go('courses'),
    onLogin,
    onRetry
  }
}
