/**
 * Accounts' public face: sign-in and sessions, the role check on a request, profile and consent, sign-up
 * (enrollments), the data-rights hooks other capabilities register, and the account routes.
 */
export * from './auth'
export * from './context'
export * from './data-rights'
export * from './enrollments'
export * from './profile'
export * from './privacy'
export * from './role-auth'
export * from './walk-in'
export * from './acted-by'
export * from './roster'
export { registerAuthRoutes } from './auth-routes'
export { registerMeRoutes } from './me-routes'
export { registerEnrollmentRoutes } from './enrollment-routes'
export * from './contact-keys'
