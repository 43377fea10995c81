/** Share poster in the browser: drawn on an off-screen canvas, shown as an image, downloaded as a PNG. */
import type { PosterDrawing } from './poster.types'

export * from './poster.types'

/** H5 draws off-screen; the page's <Canvas> is only used on weapp. */
export const POSTER_NEEDS_CANVAS = false
export const POSTER_SAVE_LABEL = '下载海报'

export async function renderPoster(_canvasId: string, drawing: PosterDrawing): Promise<string> {
  const canvas = document.createElement('canvas')
  canvas.width = drawing.width
  canvas.height = drawing.height
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new Error('这个浏览器不能生成海报，请截图分享')
  drawing.draw(ctx as unknown as Parameters<PosterDrawing['draw']>[0])
  return canvas.toDataURL('image/png')
}

export async function savePoster(imageUrl: string, fileName: string): Promise<'saved'> {
  const a = document.createElement('a')
  a.href = imageUrl
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  return 'saved'
}
