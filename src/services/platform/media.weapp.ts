/**
 * Photos on the mini program: chooseMedia (camera or album), compressImage to ≤ 1600 px, uploadFile with its
 * progress events and abort, downloadFile (with the session header) to show a private photo.
 */
import Taro from '@tarojs/taro'
import { PrivacyRefused, withPrivacy } from './privacy'
import { wxCall } from './wx-call'
import { fitWithin, UploadCancelled, type LocalPhoto, type PhotoSource, type UploadProgress, type UploadTask } from './media.types'

export * from './media.types'

export async function pickPhoto(source: PhotoSource): Promise<LocalPhoto | null> {
  try {
    const res = await withPrivacy('photo', () =>
      wxCall<Taro.chooseMedia.SuccessCallbackResult>('chooseMedia', { count: 1, mediaType: ['image'], sourceType: [source], sizeType: ['compressed'], camera: 'back' })
    )
    const f = res.tempFiles[0]
    if (!f) return null
    const info = await Taro.getImageInfo({ src: f.tempFilePath })
    return { path: f.tempFilePath, bytes: f.size, width: info.width, height: info.height }
  } catch (err) {
    // 不同意 on the privacy sheet: already told why nothing happened
    if (err instanceof PrivacyRefused) return null
    // the user closed the picker: not an error
    if (/cancel/i.test(String((err as { errMsg?: string })?.errMsg ?? ''))) return null
    throw err
  }
}

export async function compressPhoto(photo: LocalPhoto): Promise<LocalPhoto> {
  const target = fitWithin(photo.width, photo.height)
  const res = await Taro.compressImage({
    src: photo.path,
    quality: 80,
    // the long side decides; the other follows the aspect ratio
    ...(photo.width >= photo.height ? { compressedWidth: target.width } : { compressedHeight: target.height })
  } as Taro.compressImage.Option)
  const size = await new Promise<number>((resolve) => {
    Taro.getFileSystemManager().getFileInfo({ filePath: res.tempFilePath, success: (r) => resolve(r.size), fail: () => resolve(photo.bytes) })
  })
  return { path: res.tempFilePath, bytes: size, width: target.width, height: target.height }
}

export function uploadPhoto(url: string, token: string, photo: LocalPhoto, onProgress: (p: UploadProgress) => void): UploadTask {
  let task: Taro.UploadTask | undefined
  let cancelled = false
  const done = new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    task = Taro.uploadFile({
      url,
      filePath: photo.path,
      name: 'file',
      header: { Authorization: `Bearer ${token}` },
      success: (res) => {
        let body: unknown = res.data
        try {
          body = JSON.parse(res.data)
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode, body })
      },
      fail: (err) => reject(cancelled ? new UploadCancelled() : err)
    }) as unknown as Taro.UploadTask
    task?.onProgressUpdate?.((p) => onProgress({ sent: p.totalBytesSent, total: p.totalBytesExpectedToSend }))
  })
  return {
    done,
    cancel() {
      cancelled = true
      task?.abort()
    }
  }
}

/** A private photo as a local file the Image component can show (the request carries the session). */
export async function loadPrivateImage(url: string, token: string): Promise<string> {
  const res = await Taro.downloadFile({ url, header: { Authorization: `Bearer ${token}` } })
  if (res.statusCode !== 200) throw new Error(`download ${res.statusCode}`)
  return res.tempFilePath
}
