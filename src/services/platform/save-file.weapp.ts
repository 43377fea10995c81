/**
 * Mini program: write the file into the app's own user folder (wx.env.USER_DATA_PATH) and say where it is;
 * the worker can then send it to a chat (文件传输助手) to keep it.
 */
import Taro from '@tarojs/taro'

declare const wx: { env: { USER_DATA_PATH: string } }

export async function saveTextFile(fileName: string, text: string): Promise<{ where: string }> {
  const filePath = `${wx.env.USER_DATA_PATH}/${fileName}`
  await new Promise<void>((resolve, reject) =>
    Taro.getFileSystemManager().writeFile({ filePath, data: text, encoding: 'utf8', success: () => resolve(), fail: (e) => reject(new Error(e.errMsg)) })
  )
  const share = (Taro as unknown as { shareFileMessage?: (o: { filePath: string; fileName: string }) => unknown }).shareFileMessage
  // sending it to a chat is the one way a worker can keep a file from a mini program; refusing it (or a base
  // library without it, or one that answers without a promise) is fine — the file is saved either way
  if (share) {
    try {
      await Promise.resolve(share({ filePath, fileName })).catch(() => undefined)
    } catch {
      /* not available here */
    }
  }
  return { where: `已保存在小程序文件夹：${filePath}` }
}
