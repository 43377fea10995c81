/**
 * Cross-capability plumbing every capability uses and none owns: the audit log, the Idempotency-Key
 * header, routes built from the contract, the service's own routes (health, regions, occupations) and,
 * in development only, the dev routes (clock, notifications, SMS outbox).
 */
export * from './audit'
export * from './idempotency'
export * from './contract-route'
export { registerMetaRoutes } from './meta-routes'
export { registerDevRoutes, type DevRouteDeps } from './dev-routes'
