import { startTransition, useEffect, useState } from 'react'

/**
 * false on a page's first render, true right after it, set in a transition (React renders that in slices that
 * yield to the browser). For a page's below-the-fold part: the first screen is committed, and painted, without
 * waiting for it — on a cheap phone the start-up's longest task is the first render of the whole page.
 */
export function useSecondPass(): boolean {
  const [ready, setReady] = useState(false)
  useEffect(() => {
    startTransition(() => setReady(true))
  }, [])
  return ready
}
