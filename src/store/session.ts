/**
 * Who is logged in: the opaque token, when it expires, and `me` (consent, profile flag).
 * Also the sign-up attempts not yet confirmed by the server, each with its Idempotency-Key, so a
 * retry after a timeout or an app restart sends the same key and never signs up twice.
 */
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { Me, Session } from '../contract'
import { persistedStorage } from './persist'

export interface SessionState {
  token: string | null
  expiresAt: string | null
  me: Me | null
  /** courseId → Idempotency-Key of a sign-up not yet answered */
  pendingEnrollments: Record<string, string>
  /** 亲情代办: the worker this relative is acting for (every call then carries X-Act-For), else null */
  actingFor: { id: string; maskedName: string } | null
  setActingFor(p: { id: string; maskedName: string } | null): void
  setSession(session: Session): void
  setMe(me: Me): void
  clear(): void
  rememberAttempt(courseId: string, key: string): void
  forgetAttempt(courseId: string): void
}

export const useSession = create<SessionState>()(
  persist(
    (set) => ({
      token: null,
      expiresAt: null,
      me: null,
      pendingEnrollments: {},
      actingFor: null,
      setActingFor: (actingFor) => set({ actingFor }),
      // a new login is always the person themselves
      setSession: (s) => set({ token: s.token, expiresAt: s.expiresAt, me: s.me, actingFor: null }),
      setMe: (me) => set({ me }),
      clear: () => set({ token: null, expiresAt: null, me: null, actingFor: null }),
      rememberAttempt: (courseId, key) => set((s) => ({ pendingEnrollments: { ...s.pendingEnrollments, [courseId]: key } })),
      forgetAttempt: (courseId) =>
        set((s) => {
          const rest = { ...s.pendingEnrollments }
          delete rest[courseId]
          return { pendingEnrollments: rest }
        })
    }),
    {
      name: 'zsb.session',
      version: 1,
      storage: persistedStorage,
      partialize: (s) => ({ token: s.token, expiresAt: s.expiresAt, me: s.me, pendingEnrollments: s.pendingEnrollments, actingFor: s.actingFor })
    }
  )
)

/** A token that has not expired yet (a minute of margin). */
export function currentToken(now: number = Date.now()): string | null {
  const { token, expiresAt } = useSession.getState()
  if (!token) return null
  if (expiresAt && Date.parse(expiresAt) - 60_000 <= now) return null
  return token
}

export function hasConsent(me: Me | null, version: string): boolean {
  return !!me?.consent && me.consent.version === version
}
