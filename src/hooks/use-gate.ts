/**
 * The one entry check of a page that needs someone signed in, and maybe a role:
 *
 *   const gate = useGate({ role: 'reviewer', enter: enterReviewer })
 *   if (gate.status === 'needLogin') …  gate.status === 'ready' → gate.who
 *
 * - No session: the status is needLogin and the login page opens once per screen (for reviewers and staff with
 *   their own words); coming back without signing in shows a 去登录 button instead of sending them again.
 * - `enter` (optional) loads what the role needs and proves it: it throws a 403 ApiError when the account lacks
 *   the role (status forbidden), a 401 when the session ended (needLogin); `offline` may answer from what the
 *   phone remembers when the network is gone (staff work offline).
 * - Checked on every show until ready, so signing in on the login page and coming back lets the page in.
 * The server checks role and region again on every call; this only decides what the page shows.
 * Role-specific loaders live with their pages (a subpackage), so the main package does not carry them.
 */
import { useCallback, useRef, useState } from 'react'
import { ensureSession } from '../services/api/auth'
import { isUnauthenticated } from '../services/http/authed'
import { ApiError, messageOf } from '../services/http/errors'
import { go, replace, useOnShow } from '../services/platform'

export type GateRole = 'user' | 'reviewer' | 'staff'
export type GateStatus = 'loading' | 'needLogin' | 'forbidden' | 'error' | 'ready'

export interface GateOptions<T> {
  role: GateRole
  /** Loads and proves the role (see above); without it a session is enough. */
  enter?: () => Promise<T>
  /** An answer without the network (the error was not a refusal); undefined when there is none. */
  offline?: (error: unknown) => T | undefined
  /** What a screen remembers from before, so it shows at once (staff's station on this phone). */
  initial?: () => T | undefined
}

export interface Gate<T> {
  status: GateStatus
  /** the error's plain message when status is error */
  message: string
  /** what `enter` returned, once ready */
  who: T | null
  retry(): void
  onLogin(): void
  onHome(): void
}

/** The login page for a role: reviewers and staff see their own sign-in words there. */
const loginParams = (role: GateRole) => (role === 'user' ? undefined : { as: role })

/**
 * Opens a page at most once per screen (the login or privacy page); the screen then shows a button instead of
 * looping back. For hooks that run their own session check inside a load (they call `send('login')`).
 */
export function useSendOnce() {
  const sent = useRef<Record<string, boolean>>({})
  return useCallback((page: 'login' | 'privacy', role: GateRole = 'user') => {
    if (sent.current[page]) return
    sent.current[page] = true
    go(page, page === 'login' ? loginParams(role) : undefined)
  }, [])
}

export function useGate<T = true>(options: GateOptions<T>): Gate<T> {
  const { role } = options
  const opts = useRef(options)
  opts.current = options
  const [state, setState] = useState<{ status: GateStatus; message: string; who: T | null }>(() => {
    const remembered = options.initial?.()
    return remembered === undefined ? { status: 'loading', message: '', who: null } : { status: 'ready', message: '', who: remembered }
  })
  const send = useSendOnce()

  const check = useCallback(async () => {
    const { enter, offline } = opts.current
    const needLogin = () => {
      setState({ status: 'needLogin', message: '', who: null })
      send('login', role)
    }
    try {
      if (!(await ensureSession())) return needLogin()
      const who = enter ? await enter() : (true as T)
      setState({ status: 'ready', message: '', who })
    } catch (e) {
      if (isUnauthenticated(e)) return needLogin()
      if (e instanceof ApiError && e.status === 403) return setState({ status: 'forbidden', message: '', who: null })
      const remembered = offline?.(e)
      if (remembered !== undefined) setState({ status: 'ready', message: '', who: remembered })
      else setState({ status: 'error', message: messageOf(e), who: null })
    }
  }, [role, send])

  const statusRef = useRef(state.status)
  statusRef.current = state.status
  useOnShow(() => {
    // staff re-check on every show (their station may have changed); others only until they are in
    if (role === 'staff' || statusRef.current !== 'ready') void check()
  })

  return {
    ...state,
    retry: () => void check(),
    onLogin: () => go('login', loginParams(role)),
    onHome: () => replace('home')
  }
}
