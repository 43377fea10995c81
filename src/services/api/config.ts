/**
 * The app's configuration from the server (GET /api/v1/config): the WeChat subscribe-message template ids.
 * Fetched once per app run; a failure is not cached. The ids must be at hand when the worker taps (WeChat asks
 * only synchronously from a tap), so pages load them when they open and read `subscribeTemplates()` in the tap.
 */
import type { AppConfig, SubscribeTemplates } from '../../contract'
import { callRoute, routes } from './client'

let once: Promise<AppConfig> | null = null
let templates: SubscribeTemplates = {}

export function loadAppConfig(): Promise<AppConfig> {
  if (!once) {
    once = callRoute(routes.appConfig).then((config) => {
      templates = config.subscribeTemplates
      return config
    })
    once.catch(() => {
      once = null
    })
  }
  return once
}

/** The template ids loaded so far ({} before the config arrived, or when it could not be fetched). */
export function subscribeTemplates(): SubscribeTemplates {
  return templates
}
