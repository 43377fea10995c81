/** Photos behind authorization: wx.downloadFile sends the bearer token and gives a temporary local path. */
import Taro from '@tarojs/taro'

export async function loadPrivateImage(url: string, token: string): Promise<string> {
  const res = await Taro.downloadFile({ url, header: { Authorization: `Bearer ${token}` } })
  if (res.statusCode !== 200) throw new Error(`photo ${res.statusCode}`)
  return res.tempFilePath
}

export function releasePrivateImage(_src: string): void {
  // temporary files are removed by WeChat
}
