/**
 * The institution desk's entry check (the kit's useGate): a session, then the institution the account is bound
 * to — the server answers 403 to anyone without the institution_staff role (forbidden). The server checks role and
 * institution again on every call; this only decides what the page shows.
 */
import { useGate } from '../../hooks/use-gate'
import { institutionMe } from '../../services/api/institution-desk'

export function useDeskGate() {
  const gate = useGate({ role: 'user', enter: async () => (await institutionMe()).institution })
  return {
    gate: gate.status,
    gateMessage: gate.message,
    institution: gate.who ?? { id: '', name: '' },
    onLogin: gate.onLogin,
    onHome: gate.onHome,
    onRetry: gate.retry
  }
}
