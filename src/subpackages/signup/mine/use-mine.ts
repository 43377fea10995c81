import { useState } from 'react'
import type { Enrollment } from '../../../contract'
import { logout } from '../../../services/api/auth'
import { cancelEnrollment, myEnrollments } from '../../../services/api/enrollments'
import { deleteMe, getMe, withdrawConsent } from '../../../services/api/me'
import { inboxUnread } from '../../../services/api/inbox'
import { messageOf } from '../../../services/http/errors'
import { confirm, go, replace, toast } from '../../../services/platform'
import { useSession } from '../../../store/session'
import { useSignedIn } from '../../../hooks/use-gate'
import { ERASURE_SUMMARY } from '../../../domain/personal-data'
import { evaluationParams } from '../../../domain/evaluation'

export function useMine() {
  const hasConsent = useSession((s) => !!s.me?.consent)
  const acting = useSession((s) => !!s.actingFor)
  const isStaff = useSession((s) => !!s.me?.roles?.some((r) => r.role === 'station_staff'))
  const [unread, setUnread] = useState(0)
  // on every show (on open, and back from the login page), never from a hidden page; and on pull-down
  const { state: list, reload, onLogin, onRetry } = useSignedIn(async () => {
    // roles may have changed since login (a grant): refresh who this is with the list
    const [res] = await Promise.all([myEnrollments(), getMe().catch(() => null)])
    void inboxUnread().then(setUnread, () => undefined)
    return res.items
  })

  const act = async (title: string, content: string, [confirmText, keepText]: [string, string], action: () => Promise<unknown>, done: string) => {
    if (!(await confirm(title, content, confirmText, keepText))) return false
    try {
      await action()
      toast(done, 'success')
      return true
    } catch (e) {
      toast(messageOf(e))
      return false
    }
  }

  return {
    list,
    hasConsent,
    acting,
    unread,
    onSubsidies: () => go('subsidies'),
    onInbox: () => go('inbox'),
    onProxies: () => go('proxies'),
    onStaff: isStaff ? () => go('staff') : undefined,
    onCancel: async (id: string) => {
      if (await act('取消报名', '确定取消这门课的报名吗？取消后名额会让给别人。', ['确认取消', '保留报名'], () => cancelEnrollment(id), '已取消报名')) void reload()
    },
    onFindCourses: () => go('courses'),
    onOpenCourse: (id: string) => go('course', { id }),
    onCheckin: (e: Enrollment) => go('checkin', { title: e.course.title }),
    onEvaluations: (e: Enrollment) => go('evaluations', evaluationParams(e.course)),
    onLogin,
    onMyData: () => go('profile'),
    onPrivacySettings: () => go('privacySettings'),
    onRetry,
    onWithdrawConsent: () =>
      void act('撤回同意', ERASURE_SUMMARY.withdraw, ['确认撤回', '不撤回'], withdrawConsent, '已撤回同意'),
    onDeleteAccount: async () => {
      if (await act('注销账号', ERASURE_SUMMARY.delete, ['确认注销', '不注销'], deleteMe, '账号已注销')) replace('home')
    },
    onLogout: async () => {
      if (await act('退出登录', '确定退出登录吗？', ['退出登录', '留在这里'], logout, '已退出登录')) replace('home')
    }
  }
}
