/** Station staff: the public face other capabilities use. */
export { recordStationConsent, type StaffActor } from './signups'
export { stationById } from './routes'
