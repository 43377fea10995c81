/** The catalogue's public face: courses and institutions, regions, seats, sign-up facts, its cache and routes. */
export * from './cache'
export * from './courses'
export * from './regions'
export * from './seats'
export * from './signup-facts'
export * from './institution-refs'
export * from './institution-courses'
export { registerCourseRoutes } from './routes'
