/**
 * The phone's own text size, as a factor of the standard size (1 = standard).
 * weapp: WeChat's 字体大小 setting — `fontSizeScaleFactor` (base library ≥ 3.x) or, on older
 * clients, `fontSizeSetting` in px (16 = standard). Mini programs do not follow it on their own.
 */
import Taro from '@tarojs/taro'

export function systemFontScale(): number {
  try {
    const base = (Taro.getAppBaseInfo?.() ?? {}) as { fontSizeScaleFactor?: number; fontSizeSetting?: number }
    if (typeof base.fontSizeScaleFactor === 'number' && base.fontSizeScaleFactor > 0) return base.fontSizeScaleFactor
    const setting = base.fontSizeSetting ?? (Taro.getSystemInfoSync() as { fontSizeSetting?: number }).fontSizeSetting
    return typeof setting === 'number' && setting > 0 ? setting / 16 : 1
  } catch {
    return 1
  }
}
