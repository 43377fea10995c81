/** Query-string building: proper encoding, undefined/null/'' dropped, booleans as true/false. */

export type QueryValue = string | number | boolean | null | undefined
export type QueryParams = Record<string, QueryValue | readonly QueryValue[]>

export function buildQuery(params: QueryParams | undefined): string {
  if (!params) return ''
  const parts: string[] = []
  for (const key of Object.keys(params)) {
    const raw = params[key]
    const values = Array.isArray(raw) ? raw : [raw]
    for (const value of values as QueryValue[]) {
      if (value === undefined || value === null || value === '') continue
      if (typeof value === 'number' && !Number.isFinite(value)) continue
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    }
  }
  return parts.length ? `?${parts.join('&')}` : ''
}

/** Join a base URL ('' = same origin) and a path that starts with '/'. */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`
}
