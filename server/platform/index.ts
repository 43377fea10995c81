/**
 * Cross-capability plumbing every capability uses and none owns: the audit log, the Idempotency-Key
 * header, routes built from the contract, and the service's own routes (health, regions, occupations).
 */
export * from './audit'
export * from './idempotency'
export * from './contract-route'
export { registerMetaRoutes } from './meta-routes'
