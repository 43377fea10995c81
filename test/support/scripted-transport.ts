/** A fake HTTP transport for the client's unit tests: answers from a script and records every request. */
import type { Transport, TransportRequest, TransportResponse } from '../../src/services/http'

export type Step = TransportResponse | Error

export function scripted(...steps: Step[]) {
  const calls: TransportRequest[] = []
  const transport: Transport = async (req) => {
    calls.push(req)
    const step = steps.shift()
    if (!step) throw new Error('script exhausted')
    if (step instanceof Error) throw step
    return step
  }
  return { calls, transport }
}
