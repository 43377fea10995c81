/**
 * The subsidy-claim state machine as data: one definition for the server (enforcement), the
 * phone and the reviewer workbench (which buttons to show) and the tests (every state × role × transition).
 * A state names the last step completed: `first_review` = 初审通过, `second_review` = 复核通过.
 */

export const CLAIM_STATES = [
  { code: 'submitted', label: '已提交' },
  { code: 'accepted', label: '已受理' },
  { code: 'first_review', label: '初审通过' },
  { code: 'second_review', label: '复核通过' },
  { code: 'announced', label: '公示中' },
  { code: 'objection_review', label: '异议核查中' },
  { code: 'awaiting_payment', label: '待拨付' },
  { code: 'paid', label: '已拨付' },
  { code: 'needs_supplement', label: '需补正' },
  { code: 'rejected', label: '已驳回' },
  { code: 'payment_failed', label: '拨付失败' },
  { code: 'withdrawn', label: '已撤回' }
] as const
export type ClaimState = (typeof CLAIM_STATES)[number]['code']

export const CLAIM_KINDS = [
  { code: 'training', label: '职业培训补贴' },
  { code: 'skill_upgrade', label: '技能提升补贴' },
  { code: 'evaluation', label: '职业技能评价补贴' },
  { code: 'living', label: '生活费补贴' }
] as const
export type ClaimKind = (typeof CLAIM_KINDS)[number]['code']

/** Who acts. `system` = a scheduled job (公示 ends, 补正 deadline passes). */
export type ClaimActorRole = 'worker' | 'reviewer' | 'system'

export const ACTOR_ROLE_LABELS: Record<ClaimActorRole, string> = { worker: '申请人', reviewer: '审核员', system: '系统' }

/** Working days (China's official calendar) each step may take, counted from the day the claim entered it. */
export const DEADLINE_WORKING_DAYS = {
  /** 初审 within 5 working days of 受理 */
  accepted: 5,
  /** 复核 within 3 working days of 初审 */
  first_review: 3,
  /** 公示 lasts 5 working days */
  announced: 5,
  /** 补正 within 10 working days */
  needs_supplement: 10,
  /**
   * 异议核查 within 10 working days of the 公示 period's end: our service commitment (the sources set no
   * figure), shown to the worker as such
   */
  objection_review: 10
} as const

/** Calendar days a rejected claim may be appealed (once). */
export const APPEAL_DAYS = 15

export interface ClaimTransition {
  from: ClaimState
  to: ClaimState
  /** Who may make it */
  by: ClaimActorRole
  /** Button / timeline wording */
  label: string
  /** A reason is required (驳回, 拨付失败, 申诉) */
  needsReason?: boolean
  /** A list of missing items is required (需补正); the deadline defaults to DEADLINE_WORKING_DAYS.needs_supplement */
  needsItems?: boolean
  /** Made by a route of its own, not by POST /review/claims/{id}/transitions */
  via?: 'withdraw' | 'supplement' | 'appeal' | 'payout-account' | 'announcement' | 'job' | 'objection'
  /** Two-person rule: the actor must not be the one who entered this earlier state */
  notSameActorAs?: ClaimState
}

export const CLAIM_TRANSITIONS: readonly ClaimTransition[] = [
  { from: 'submitted', to: 'accepted', by: 'reviewer', label: '受理' },
  { from: 'submitted', to: 'rejected', by: 'reviewer', label: '驳回', needsReason: true },
  { from: 'submitted', to: 'withdrawn', by: 'worker', label: '撤回申请', via: 'withdraw' },
  { from: 'accepted', to: 'first_review', by: 'reviewer', label: '初审通过' },
  { from: 'accepted', to: 'needs_supplement', by: 'reviewer', label: '要求补正', needsItems: true },
  { from: 'accepted', to: 'rejected', by: 'reviewer', label: '驳回', needsReason: true },
  { from: 'accepted', to: 'withdrawn', by: 'worker', label: '撤回申请', via: 'withdraw' },
  { from: 'first_review', to: 'second_review', by: 'reviewer', label: '复核通过', notSameActorAs: 'first_review' },
  { from: 'first_review', to: 'needs_supplement', by: 'reviewer', label: '要求补正', needsItems: true },
  { from: 'first_review', to: 'rejected', by: 'reviewer', label: '驳回', needsReason: true },
  { from: 'second_review', to: 'announced', by: 'reviewer', label: '发布公示', via: 'announcement' },
  { from: 'announced', to: 'awaiting_payment', by: 'system', label: '公示期满', via: 'job' },
  // an objection still open when the period ends holds the money until a reviewer has checked it
  { from: 'announced', to: 'objection_review', by: 'system', label: '公示期满，异议待核查', via: 'job' },
  { from: 'objection_review', to: 'awaiting_payment', by: 'reviewer', label: '异议不成立', via: 'objection', notSameActorAs: 'first_review' },
  { from: 'objection_review', to: 'rejected', by: 'reviewer', label: '异议成立，驳回', needsReason: true, via: 'objection', notSameActorAs: 'first_review' },
  { from: 'announced', to: 'rejected', by: 'reviewer', label: '驳回（公示有异议）', needsReason: true },
  { from: 'awaiting_payment', to: 'paid', by: 'reviewer', label: '确认已拨付' },
  { from: 'awaiting_payment', to: 'payment_failed', by: 'reviewer', label: '拨付失败', needsReason: true },
  { from: 'payment_failed', to: 'awaiting_payment', by: 'worker', label: '更新收款账户', via: 'payout-account' },
  { from: 'needs_supplement', to: 'accepted', by: 'worker', label: '提交补正材料', via: 'supplement' },
  { from: 'needs_supplement', to: 'rejected', by: 'system', label: '逾期未补正', via: 'job' },
  { from: 'needs_supplement', to: 'withdrawn', by: 'worker', label: '撤回申请', via: 'withdraw' },
  { from: 'rejected', to: 'accepted', by: 'worker', label: '申诉', needsReason: true, via: 'appeal' }
]

/** The reason the system writes when a 补正 deadline passes. */
export const OVERDUE_SUPPLEMENT_REASON = '逾期未补正'

const STATE_LABEL = new Map<string, string>(CLAIM_STATES.map((s) => [s.code, s.label]))
const KIND_LABEL = new Map<string, string>(CLAIM_KINDS.map((k) => [k.code, k.label]))

export const claimStateLabel = (state: ClaimState | string): string => STATE_LABEL.get(state) ?? state
export const claimKindLabel = (kind: ClaimKind | string): string => KIND_LABEL.get(kind) ?? kind

export function findTransition(from: ClaimState, to: ClaimState): ClaimTransition | undefined {
  return CLAIM_TRANSITIONS.find((t) => t.from === from && t.to === to)
}

/** Transitions a role may make from a state (optionally only those of one route). */
export function transitionsFrom(from: ClaimState, by?: ClaimActorRole): ClaimTransition[] {
  return CLAIM_TRANSITIONS.filter((t) => t.from === from && (by === undefined || t.by === by))
}

/** The reviewer's decision buttons: transitions made through POST /review/claims/{id}/transitions. */
export function reviewerDecisions(from: ClaimState): ClaimTransition[] {
  return CLAIM_TRANSITIONS.filter((t) => t.from === from && t.by === 'reviewer' && t.via === undefined)
}

export const TERMINAL_STATES: readonly ClaimState[] = ['paid', 'withdrawn']
/** States in which the claim waits for a reviewer (the workbench queue, overdue flag). */
export const REVIEW_PENDING_STATES: readonly ClaimState[] = ['submitted', 'accepted', 'first_review', 'second_review', 'objection_review', 'awaiting_payment']
/** States in which the claim waits for the worker. */
export const WORKER_PENDING_STATES: readonly ClaimState[] = ['needs_supplement', 'payment_failed']

export type TransitionRefusal =
  | { code: 'NOT_ALLOWED'; message: string }
  | { code: 'WRONG_ROLE'; message: string }
  | { code: 'REASON_REQUIRED'; message: string }
  | { code: 'ITEMS_REQUIRED'; message: string }
  | { code: 'SAME_REVIEWER'; message: string }
  | { code: 'APPEAL_USED'; message: string }
  | { code: 'APPEAL_EXPIRED'; message: string }

export interface TransitionRequest {
  from: ClaimState
  to: ClaimState
  by: ClaimActorRole
  actorId: string
  reason?: string | null
  items?: readonly string[] | null
  /** Who entered each earlier state (for the two-person rule), latest entry per state */
  enteredBy?: Partial<Record<ClaimState, string>>
  /** Appeals made so far and the date of the rejection, for the appeal rule */
  appealsUsed?: number
  /** Calendar days since the rejection (appeal window) */
  daysSinceRejection?: number
}

/**
 * Whether this actor may make this transition now; the one check shared by the server (which then enforces
 * role + region itself) and the UI (which hides what would be refused). Returns null when allowed.
 */
export function checkTransition(req: TransitionRequest): TransitionRefusal | null {
  const t = findTransition(req.from, req.to)
  if (!t) return { code: 'NOT_ALLOWED', message: `「${claimStateLabel(req.from)}」的申请不能改为「${claimStateLabel(req.to)}」` }
  if (t.by !== req.by) return { code: 'WRONG_ROLE', message: '你没有权限做这一步' }
  if (t.needsReason && !(req.reason ?? '').trim()) return { code: 'REASON_REQUIRED', message: '请写明理由' }
  if (t.needsItems && !(req.items ?? []).some((i) => i.trim())) return { code: 'ITEMS_REQUIRED', message: '请列出需要补正的材料' }
  if (t.notSameActorAs && req.enteredBy?.[t.notSameActorAs] === req.actorId) {
    return { code: 'SAME_REVIEWER', message: '初审和复核必须由两位不同的审核员完成，请交给另一位审核员复核' }
  }
  if (t.via === 'appeal') {
    if ((req.appealsUsed ?? 0) >= 1) return { code: 'APPEAL_USED', message: '每个申请只能申诉一次，你已经申诉过了' }
    if ((req.daysSinceRejection ?? 0) > APPEAL_DAYS) return { code: 'APPEAL_EXPIRED', message: `驳回后 ${APPEAL_DAYS} 天内才能申诉，已经超过期限` }
  }
  return null
}

/** 异议核查中, in the worker's words: what it means and how long it takes. */
export const OBJECTION_REVIEW_MEANING = `公示期间有人提出了异议，经办机构正在核实，一般在 ${DEADLINE_WORKING_DAYS.objection_review} 个工作日内完成；核实期间暂不拨付，你不需要做什么`

/** Who may resolve an objection: a reviewer of the region, not the one who decided 初审 of that claim. */
export const OBJECTION_RESOLVER_NOT: ClaimState = 'first_review'

/** What the worker does next, one plain sentence (我的补贴 list and detail). */
export function claimNextStep(state: ClaimState, deadline: string | null): string {
  const by = deadline ? `（${deadline} 前）` : ''
  switch (state) {
    case 'submitted':
      return '已提交，等待经办机构受理'
    case 'accepted':
      return `已受理，等待初审${by}`
    case 'first_review':
      return `初审已通过，等待复核${by}`
    case 'second_review':
      return '复核已通过，等待公示'
    case 'announced':
      return `正在公示${deadline ? `，${deadline} 公示期满` : ''}`
    case 'objection_review':
      return `${OBJECTION_REVIEW_MEANING}${deadline ? `，预计 ${deadline} 前有结果` : ''}`
    case 'awaiting_payment':
      return '等待拨付到你的收款账户'
    case 'paid':
      return '补贴已拨付，请查收'
    case 'needs_supplement':
      return `请按要求补充材料${by}，逾期会被驳回`
    case 'rejected':
      return `申请被驳回；对结果有异议可在 ${APPEAL_DAYS} 天内申诉一次`
    case 'payment_failed':
      return '拨付没有成功，请核对并更新收款账户'
    case 'withdrawn':
      return '你已撤回这个申请'
  }
}
