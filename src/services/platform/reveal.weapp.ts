/** Mini program: scroll the page to the field with an error (the page sets the Input's focus prop itself). */
import Taro from '@tarojs/taro'

export function revealField(id: string): void {
  void Taro.pageScrollTo({ selector: `#${id}`, offsetTop: -120, duration: 200 }).catch(() => undefined)
}
