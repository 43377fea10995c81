/**
 * Photos on H5: a file input (with `capture` for the camera), canvas compression to ≤ 1600 px JPEG, XHR upload
 * with real progress events and abort, and fetch (with the session header) → blob: URL to show a private photo.
 */
import { fitWithin, UploadCancelled, type LocalPhoto, type PhotoSource, type UploadProgress, type UploadTask } from './media.types'

export * from './media.types'

/** blob: URL → Blob, kept so the upload sends the compressed bytes */
const blobs = new Map<string, Blob>()

function chooseFile(source: PhotoSource): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = 'image/*'
    if (source === 'camera') input.setAttribute('capture', 'environment')
    input.style.display = 'none'
    let settled = false
    const finish = (f: File | null) => {
      if (settled) return
      settled = true
      input.remove()
      resolve(f)
    }
    input.addEventListener('change', () => finish(input.files?.[0] ?? null))
    input.addEventListener('cancel', () => finish(null))
    document.body.appendChild(input)
    input.click()
  })
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image()
    img.onload = () => resolve(img)
    img.onerror = () => reject(new Error('image decode failed'))
    img.src = src
  })
}

export async function pickPhoto(source: PhotoSource): Promise<LocalPhoto | null> {
  const file = await chooseFile(source)
  if (!file) return null
  const path = URL.createObjectURL(file)
  blobs.set(path, file)
  try {
    const img = await loadImage(path)
    return { path, bytes: file.size, width: img.naturalWidth, height: img.naturalHeight }
  } catch {
    // not decodable here (e.g. HEIC on a desktop browser): upload as is, the server decides
    return { path, bytes: file.size, width: 0, height: 0 }
  }
}

export async function compressPhoto(photo: LocalPhoto): Promise<LocalPhoto> {
  if (!photo.width || !photo.height) return photo
  const target = fitWithin(photo.width, photo.height)
  const img = await loadImage(photo.path)
  const canvas = document.createElement('canvas')
  canvas.width = target.width
  canvas.height = target.height
  const g = canvas.getContext('2d')
  if (!g) return photo
  g.fillStyle = '#fff'
  g.fillRect(0, 0, target.width, target.height)
  g.drawImage(img, 0, 0, target.width, target.height)
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.8))
  if (!blob) return photo
  const path = URL.createObjectURL(blob)
  blobs.set(path, blob)
  return { path, bytes: blob.size, width: target.width, height: target.height }
}

export function uploadPhoto(url: string, token: string, photo: LocalPhoto, onProgress: (p: UploadProgress) => void): UploadTask {
  const xhr = new XMLHttpRequest()
  let cancelled = false
  const done = new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const blob = blobs.get(photo.path)
    if (!blob) {
      reject(new Error('photo no longer available'))
      return
    }
    const form = new FormData()
    // the server ignores this name; it only keeps the bytes
    form.append('file', blob, 'photo.jpg')
    xhr.open('POST', url)
    xhr.setRequestHeader('Authorization', `Bearer ${token}`)
    xhr.upload.onprogress = (e) => onProgress({ sent: e.loaded, total: e.lengthComputable ? e.total : blob.size })
    xhr.onload = () => {
      let body: unknown = xhr.responseText
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        /* not JSON */
      }
      resolve({ status: xhr.status, body })
    }
    xhr.onerror = () => reject(new Error('network'))
    xhr.onabort = () => reject(cancelled ? new UploadCancelled() : new Error('aborted'))
    xhr.send(form)
  })
  return {
    done,
    cancel() {
      cancelled = true
      xhr.abort()
    }
  }
}

export async function loadPrivateImage(url: string, token: string): Promise<string> {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } })
  if (!res.ok) throw new Error(`download ${res.status}`)
  return URL.createObjectURL(await res.blob())
}
