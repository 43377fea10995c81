/** Mini program: download the CSV, then send it to a chat (e.g. 文件传输助手) to open it in Excel on a computer. */
import Taro from '@tarojs/taro'

export async function downloadExport(url: string, token: string, fileName: string): Promise<void> {
  const res = await Taro.downloadFile({ url, header: { Authorization: `Bearer ${token}` } })
  if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`)
  await (Taro as unknown as { shareFileMessage(o: { filePath: string; fileName: string }): Promise<unknown> }).shareFileMessage({ filePath: res.tempFilePath, fileName })
}
