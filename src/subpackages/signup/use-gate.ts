/** Shared by the sign-up pages: make sure someone is logged in (silently on weapp), else the login page once. */
import { useRef } from 'react'
import { go } from '../../services/platform'

/** Sends the user to a page once per screen; on return the screen shows a button instead of looping. */
export function useOnce() {
  const sent = useRef<Record<string, boolean>>({})
  return (page: 'login' | 'privacy') => {
    if (sent.current[page]) return
    sent.current[page] = true
    go(page)
  }
}
