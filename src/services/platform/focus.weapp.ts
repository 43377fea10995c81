/** Mini program: scroll the page to the first form error (there is no keyboard focus to move). */
import Taro from '@tarojs/taro'

export function focusFirstError(selector = '.form-error'): void {
  setTimeout(() => {
    Taro.pageScrollTo({ selector, offsetTop: -120, duration: 200 }).catch(() => undefined)
  }, 0)
}
