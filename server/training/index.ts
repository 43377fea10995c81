/**
 * The training lifecycle seen from a 培训机构: its courses, 花名册 and class sessions (课次), rotating check-in
 * codes, the worker's check-in, 补签 and 结业. Other capabilities that act for an institution (evaluation
 * results) resolve the caller with `requireInstitutionStaff`.
 */
export { requireInstitutionStaff, INSTITUTION_FORBIDDEN_MESSAGE, type InstitutionStaff } from './auth'
export { registerTrainingRoutes } from './routes'
export { pickDemoInstitution, DEMO_INSTITUTION_CITY } from './seed'
