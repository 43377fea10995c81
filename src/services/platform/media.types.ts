/** A photo on the phone, ready to show and to upload. */
export interface LocalPhoto {
  /** weapp: temp file path; H5: blob: URL */
  path: string
  bytes: number
  width: number
  height: number
}

export type PhotoSource = 'camera' | 'album'

export interface UploadProgress {
  sent: number
  total: number
}

export interface UploadTask {
  /** resolves with the HTTP status and the parsed JSON body (4xx included); rejects on network failure or cancel */
  done: Promise<{ status: number; body: unknown }>
  cancel(): void
}

export class UploadCancelled extends Error {
  constructor() {
    super('upload cancelled')
  }
}

/** Longest side after on-phone compression (DESIGN.md §5 uploads). */
export const MAX_PHOTO_SIDE = 1600

/** Target size keeping the aspect ratio, never enlarging. */
export function fitWithin(width: number, height: number, max = MAX_PHOTO_SIDE): { width: number; height: number } {
  const long = Math.max(width, height)
  if (long <= max || long === 0) return { width, height }
  const k = max / long
  return { width: Math.round(width * k), height: Math.round(height * k) }
}
