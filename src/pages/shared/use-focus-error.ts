/**
 * After a failed submit: call the returned function; once the errors are rendered the first one is
 * scrolled into view and focused (see components/form-error).
 */
import { useCallback, useEffect, useState } from 'react'
import { focusFirstError } from '../../services/platform'

export function useFocusFirstError(): () => void {
  const [tick, setTick] = useState(0)
  useEffect(() => {
    if (tick > 0) focusFirstError()
  }, [tick])
  return useCallback(() => setTick((n) => n + 1), [])
}
