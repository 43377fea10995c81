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
 *
 * This file is the only place in the pages and hooks that asks for the session (`ensureSession`; the linter
 * refuses it elsewhere): `useSignedIn(load)` is the worker's own list or record (the gate plus a Loadable),
 * `useSignIn()` is for a hook that needs the session in the middle of its own work (a tap, a form's load),
 * `useKnownSession()` recognises a returning person without ever sending them anywhere (我的).
 */
import { useCallback, useMemo, useRef, useState } from 'react'
import type { Me } from '../contract'
import type { Loadable } from '../components/async'
import { ensureSession } from '../services/api/auth'
import { isUnauthenticated } from '../services/http/authed'
import { ApiError, messageOf } from '../services/http/errors'
import { go, replace, useOnShow, usePullToRefresh } from '../services/platform'

export type GateRole = 'user' | 'reviewer' | 'staff'
export type GateStatus = 'loading' | 'needLogin' | 'forbidden' | 'error' | 'ready'

export interface GateOptions<T> {
  role: GateRole
  /** Loads and proves the role (see above), given who is signed in; without it a session is enough. */
  enter?: (me: Me) => Promise<T>
  /** An answer without the network (the error was not a refusal); undefined when there is none. */
  offline?: (error: unknown) => T | undefined
  /** What a screen remembers from before, so it shows at once (staff's station on this phone). */
  initial?: () => T | undefined
  /** Load again on every show, not only until ready (the worker's own lists change while the page is hidden). */
  everyShow?: boolean
}

export interface Gate<T> {
  status: GateStatus
  /** the error's plain message when status is error */
  message: string
  /** what `enter` returned, once ready */
  who: T | null
  retry(): void
  /** Load again keeping what is on screen (pull-down, after an action); resolves when done. */
  reload(): Promise<void>
  /** Change what was loaded in place (an item marked read) without asking the server. */
  update(fn: (who: T) => T): void
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
    const params = page === 'login' ? loginParams(role) : undefined
    if (params) go(page, params)
    else go(page)
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
      const me = await ensureSession()
      if (!me) return needLogin()
      const who = enter ? await enter(me) : (true as T)
      setState({ status: 'ready', message: '', who })
    } catch (e) {
      if (isUnauthenticated(e)) return needLogin()
      if (e instanceof ApiError && e.status === 403) return setState({ status: 'forbidden', message: messageOf(e), who: null })
      const remembered = offline?.(e)
      if (remembered !== undefined) setState({ status: 'ready', message: '', who: remembered })
      else setState({ status: 'error', message: messageOf(e), who: null })
    }
  }, [role, send])

  const statusRef = useRef(state.status)
  statusRef.current = state.status
  useOnShow(() => {
    // staff re-check on every show (their station may have changed); others only until they are in
    if (role === 'staff' || opts.current.everyShow || statusRef.current !== 'ready') void check()
  })

  return {
    ...state,
    retry: () => {
      if (statusRef.current !== 'ready') setState({ status: 'loading', message: '', who: null })
      void check()
    },
    reload: check,
    update: (fn) => setState((s) => (s.status === 'ready' && s.who !== null ? { ...s, who: fn(s.who) } : s)),
    onLogin: () => (role === 'user' ? go('login') : go('login', { as: role })),
    onHome: () => replace('home')
  }
}

/** What a worker's page shows for their own data: the Loadable, or needLogin (the view shows 去登录). */
export type SignedIn<T> = Loadable<T> | { status: 'needLogin' }

/**
 * The worker's own list or record (消息, 补贴, 证书, 报名…): signed in silently where the platform allows, the
 * login page once per screen when not, loaded on every show and on pull-down, a refusal in the server's words.
 * One hook for every such page, so none of them decides login or loading by hand.
 */
export function useSignedIn<T>(load: (me: Me) => Promise<T>) {
  const gate = useGate<T>({ role: 'user', enter: load, everyShow: true })
  usePullToRefresh(() => gate.reload())
  const state: SignedIn<T> =
    gate.status === 'ready'
      ? { status: 'ready', data: gate.who as T }
      : gate.status === 'error' || gate.status === 'forbidden'
        ? { status: 'error', message: gate.message }
        : { status: gate.status }
  return { state, reload: gate.reload, update: gate.update, onLogin: gate.onLogin, onRetry: gate.retry }
}

/**
 * For a hook that needs the session inside its own work: a screen's load (`screen`, the default: the login
 * page opens once per screen, then the screen shows its 去登录 button), a tap (`action`: every tap that
 * needs it opens the login page) or a settings screen that only shows its 去登录 button (`button`). `session()` resolves to who is signed in, or null after sending them to log
 * in; `ended()` is for a 401 in the middle of the work (the session ran out): the same sending.
 */
export function useSignIn(kind: 'screen' | 'action' | 'button' = 'screen', role: GateRole = 'user') {
  const send = useSendOnce()
  return useMemo(() => {
    const ended = () => {
      if (kind === 'screen') send('login', role)
      else if (kind === 'action') go('login', ...(role === 'user' ? [] : [{ as: role }]))
    }
    return {
      session: async (): Promise<Me | null> => {
        const me = await ensureSession()
        if (!me) ended()
        return me
      },
      ended
    }
  }, [kind, role, send])
}

/** Recognise a returning person on every show (silent login on weapp, a kept session on H5); never sends them anywhere. */
export function useKnownSession(): void {
  useOnShow(() => {
    void ensureSession().catch(() => null)
  })
}
