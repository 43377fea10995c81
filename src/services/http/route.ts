/**
 * Calls by contract: `callRoute(routes.getCourse, { params: { id }, query })` takes method, URL and the request and
 * response types from the route table of src/contract, so a call cannot name a route, a parameter or a body the
 * server does not have. Only types come from the contract (it pulls TypeBox and every schema, far too big for the
 * mini program); the runtime needs just method, URL and two flags per route, in the generated table ./routes.
 * No Taro here: the clients are injected (services/api wires the app's).
 */
import type { Static, TSchema } from '@sinclair/typebox'
import type { routes as contractRoutes } from '../../contract'
import type { AuthedClient, AuthedRequestOptions } from './authed'
import type { HttpClient } from './client'
import { joinUrl, buildQuery, type QueryParams } from './query'
import { apiBase } from './base'

type Contract = typeof contractRoutes
export type RouteName = keyof Contract

/** What the client keeps of a contract route: enough to send it, typed back to the contract entry. */
export interface RouteRef<K extends RouteName = RouteName> {
  readonly name: K
  readonly method: Contract[K]['method']
  readonly url: Contract[K]['url']
  /** sent with the signed-in person's token (and X-Act-For while acting for a relative) */
  readonly auth: Contract[K] extends { auth: true } ? true : false
  /** the server deduplicates by Idempotency-Key (the service passes `idempotencyKey`) */
  readonly idempotent: Contract[K] extends { idempotent: true } ? true : false
}

/** The generated table (./routes) must satisfy this: an unknown name, method or URL fails the typecheck. */
export type RouteTable = { readonly [K in RouteName]?: RouteRef<K> }

type Part<C, P extends string> = C extends { readonly [k in P]: infer S } ? (S extends TSchema ? Static<S> : undefined) : undefined
export type RouteParams<K extends RouteName> = Part<Contract[K], 'params'>
export type RouteQuery<K extends RouteName> = Part<Contract[K], 'querystring'>
export type RouteBody<K extends RouteName> = Part<Contract[K], 'body'>
export type RouteResponse<K extends RouteName> = Contract[K] extends { readonly response: infer S extends TSchema } ? Static<S> : never

/** Required where the contract requires it, absent where the contract has none. */
type Slot<Name extends string, T> = [T] extends [undefined] ? { [k in Name]?: undefined } : object extends T ? { [k in Name]?: T } : { [k in Name]: T }

export type RouteArgs<K extends RouteName> = Slot<'params', RouteParams<K>> &
  Slot<'query', RouteQuery<K>> &
  Slot<'body', RouteBody<K>> & {
    /** the same key on every retry of one action: the server answers a repeat with the first result */
    idempotencyKey?: string
    /** headers beyond the ones callRoute adds (e.g. a reader's token on a public route) */
    headers?: Record<string, string>
    timeoutMs?: number
    /** as the signed-in person even while acting for a relative */
    asSelf?: boolean
  }

/** Optional when nothing in the arguments is required. */
type ArgsTuple<K extends RouteName> = object extends RouteArgs<K> ? [args?: RouteArgs<K>] : [args: RouteArgs<K>]

/** A route URL with its :name parameters filled in, each value URL-encoded. */
export function routePath(url: string, params?: Record<string, unknown>): string {
  return url.replace(/:([A-Za-z_]\w*)/g, (_, name: string) => {
    const value = params?.[name]
    if (value === undefined || value === null || value === '') throw new Error(`route ${url}: missing parameter ${name}`)
    return encodeURIComponent(String(value))
  })
}

/**
 * The absolute address of a route, for what the platform fetches itself (a photo, read-aloud audio, a CSV
 * download, a poster's link): the one place besides callRoute that turns a route into a URL.
 */
export function routeUrl<K extends RouteName>(route: RouteRef<K>, ...[args]: ArgsTuple<K>): string {
  const a = (args ?? {}) as { params?: Record<string, unknown>; query?: QueryParams }
  return joinUrl(apiBase(), routePath(route.url, a.params)) + buildQuery(a.query)
}

export type CallRoute = <K extends RouteName>(route: RouteRef<K>, ...args: ArgsTuple<K>) => Promise<RouteResponse<K>>

/** callRoute over the app's two clients: public routes through `http`, routes with auth through `authed`. */
export function createCallRoute(clients: { http: HttpClient; authed: AuthedClient }): CallRoute {
  return async <K extends RouteName>(route: RouteRef<K>, ...[args]: ArgsTuple<K>): Promise<RouteResponse<K>> => {
    const a = (args ?? {}) as RouteArgs<RouteName> & { params?: Record<string, unknown>; query?: QueryParams; body?: unknown }
    const headers: Record<string, string> = { ...(a.headers ?? {}), ...(a.idempotencyKey ? { 'Idempotency-Key': a.idempotencyKey } : {}) }
    const options: AuthedRequestOptions = {
      method: route.method,
      ...(a.query ? { query: a.query } : {}),
      ...(a.body !== undefined ? { body: a.body } : {}),
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(a.timeoutMs ? { timeoutMs: a.timeoutMs } : {}),
      ...(a.asSelf ? { asSelf: true } : {})
    }
    const path = routePath(route.url, a.params)
    if (route.auth) return clients.authed.request<RouteResponse<K>>(path, options)
    const { asSelf: _asSelf, ...plain } = options
    return clients.http.request<RouteResponse<K>>(path, plain)
  }
}
