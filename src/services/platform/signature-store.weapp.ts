/**
 * Mini program: each queued signature is a PNG file in the app's user folder (wx.env.USER_DATA_PATH), the
 * queue keeps only its path — WeChat storage allows 1 MB per key and 10 MB in all, and a day of signatures
 * in one key would silently stop being saved. A full disk throws (the caller keeps the form and says so).
 */
import Taro from '@tarojs/taro'

declare const wx: { env: { USER_DATA_PATH: string } }

const dir = () => `${wx.env.USER_DATA_PATH}/signatures`

export async function saveSignatureImage(key: string, dataUrl: string): Promise<string> {
  const fs = Taro.getFileSystemManager()
  try {
    fs.accessSync(dir())
  } catch {
    fs.mkdirSync(dir(), true)
  }
  const path = `${dir()}/${key.replace(/[^0-9A-Za-z_-]/g, '_')}.png`
  fs.writeFileSync(path, dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64')
  return path
}

export async function readSignatureImage(ref: string): Promise<string | null> {
  try {
    const data = Taro.getFileSystemManager().readFileSync(ref, 'base64') as string
    return `data:image/png;base64,${data}`
  } catch {
    return null
  }
}

export function removeSignatureImage(ref: string): void {
  try {
    Taro.getFileSystemManager().unlinkSync(ref)
  } catch {
    // already gone
  }
}
