/** wx.login: a one-time code (valid 5 minutes) the server exchanges via code2Session. */
import Taro from '@tarojs/taro'

export async function login(): Promise<string | null> {
  try {
    const res = await Taro.login({ timeout: 10_000 })
    return res.code || null
  } catch {
    return null
  }
}

export const CAN_WECHAT_LOGIN = true
