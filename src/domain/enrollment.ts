/** Enrollment lifecycle: 已报名 → 已确认 → 培训中 → 已结业 / 未结业; 已取消. */

export const ENROLLMENT_STATUSES = [
  { code: 'registered', label: '已报名' },
  { code: 'confirmed', label: '已确认' },
  { code: 'in_training', label: '培训中' },
  { code: 'completed', label: '已结业' },
  { code: 'not_completed', label: '未结业' },
  { code: 'cancelled', label: '已取消' }
] as const
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number]['code']

export const ACTIVE_ENROLLMENT_STATUSES: readonly EnrollmentStatus[] = ['registered', 'confirmed', 'in_training']

/** What the worker should do next, in one sentence. */
export function nextStepFor(status: EnrollmentStatus, startDate: string, today: string): string {
  switch (status) {
    case 'registered':
      // A late join (the course allows it) must not promise a notice "before the start" or a cancel.
      return startDate > today
        ? '等待培训机构确认，开课前会通知你；开课前可以取消'
        : `已开课（${startDate} 开课），你是开课后报名的：请尽快联系培训机构安排上课；已开课不能取消`
    case 'confirmed':
      return startDate > today ? `请按时参加，${startDate} 开课；开课前可以取消` : '已开课，请按时上课'
    case 'in_training':
      return '请按时上课、签到，结业考核通过后可申请补贴'
    case 'completed':
      return '已结业：取得证书后可在“补贴进度”里申请补贴'
    case 'not_completed':
      return '未结业：可联系培训机构了解补考或重新报名'
    case 'cancelled':
      return '已取消，可以重新报名其他课程'
  }
}

/** A worker may cancel only before the course starts and while the enrollment is still active. */
export function canCancel(status: EnrollmentStatus, startDate: string, today: string): boolean {
  return (status === 'registered' || status === 'confirmed') && startDate > today
}

export interface SignupClosed {
  code: 'COURSE_STARTED' | 'COURSE_FULL'
  /** Short words for a button */
  label: string
  /** One sentence for the worker */
  message: string
}

/**
 * Why a course no longer takes sign-ups today, or null when it does. The phone uses it to show the
 * button; the server uses it inside the enrollment transaction (and still takes the seat atomically).
 */
export function signupClosedFor(
  course: { startDate: string; endDate: string; allowLateJoin: boolean; seatsLeft: number },
  today: string
): SignupClosed | null {
  if (course.endDate < today) return { code: 'COURSE_STARTED', label: '已结束', message: '这门课已经结束，不能再报名' }
  if (course.startDate <= today && !course.allowLateJoin) {
    return { code: 'COURSE_STARTED', label: '已开课', message: '这门课已经开课，不能再报名' }
  }
  if (course.seatsLeft <= 0) return { code: 'COURSE_FULL', label: '名额已满', message: '名额已满，可以看看其他课程' }
  return null
}
