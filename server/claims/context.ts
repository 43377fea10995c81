/** What the claims routes (and the capabilities reusing the foundation: staff, notices) share beyond accounts. */
import type { AccountsContext } from '../accounts'
import type { Clock } from '../clock'
import type { Jobs } from '../jobs'
import type { Notifier } from '../adapters'
import type { SocialInsuranceRegistry } from '../adapters'

export interface ClaimsContext extends AccountsContext {
  clock: Clock
  jobs: Jobs
  notifier: Notifier
  insurance: SocialInsuranceRegistry
  /** development conveniences (dev clock route, dev notifications, demo seed); false in production */
  devMode: boolean
}
