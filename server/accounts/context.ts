/** What the account routes share: database, field crypto, adapters, regions and the clock. */
import type { Db } from '../db'
import type { FieldCrypto } from '../crypto'
import type { Adapters } from '../adapters'
import type { RegionIndex } from '../catalog'
import type { SafetyService } from '../safety'

export interface AccountsContext {
  db: Db
  crypto: FieldCrypto
  adapters: Adapters
  regions: RegionIndex
  /** YYYY-MM-DD China time */
  today: () => string
  /** Wall clock (injectable for tests) */
  now: () => Date
  /** 内容安全 of text and photos others will see (server/safety) */
  safety: SafetyService
}

