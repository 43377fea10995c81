/**
 * Calls a WeChat API with callbacks and returns a promise. Taro 4 promisifies only the APIs on its own
 * list; newer ones (chooseMedia, addPhoneCalendar, …) are passed through as they are, so `await
 * Taro.chooseMedia(...)` gets `undefined` at once instead of the picked files.
 */
import Taro from '@tarojs/taro'

export function wxCall<T>(api: string, options: Record<string, unknown>): Promise<T> {
  const fn = (Taro as unknown as Record<string, unknown>)[api]
  if (typeof fn !== 'function') return Promise.reject({ errMsg: `${api}:fail not supported` })
  return new Promise<T>((resolve, reject) => {
    ;(fn as (o: Record<string, unknown>) => void)({ ...options, success: (res: T) => resolve(res), fail: (err: unknown) => reject(err) })
  })
}
