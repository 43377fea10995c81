/** What the account routes share: database, field crypto, adapters, regions and the clock. */
import type { Db } from '../db'
import type { FieldCrypto } from '../crypto'
import type { Adapters } from '../adapters'
import type { RegionIndex } from '../catalog'

export interface AccountsContext {
  db: Db
  crypto: FieldCrypto
  adapters: Adapters
  regions: RegionIndex
  /** YYYY-MM-DD China time */
  today: () => string
  /** Wall clock (injectable for tests) */
  now: () => Date
}

