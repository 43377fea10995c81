/** The app's one HTTP client: API_BASE from the build, Taro.request transport. */
import { createHttpClient, type HttpClient } from '../http'
import { taroTransport } from '../platform/request'

const baseUrl = typeof API_BASE === 'string' ? API_BASE : ''

export const api: HttpClient = createHttpClient({ baseUrl, transport: taroTransport, timeoutMs: 15_000 })
