/**
 * The API's address, from the build (TARO_APP_API_BASE → the API_BASE constant): '' on H5 served by the API
 * itself (same origin), the https origin on the mini program. The one place it is read.
 */
export function apiBase(): string {
  return typeof API_BASE === 'string' ? API_BASE : ''
}
