/** Share poster on the mini program: the page's Canvas 2D node → a temp PNG → saved to the album. */
import Taro from '@tarojs/taro'
import type { PosterDrawing } from './poster.types'
import { withPrivacy } from './privacy'

export * from './poster.types'

export const POSTER_NEEDS_CANVAS = true
export const POSTER_SAVE_LABEL = '保存到相册'

interface CanvasNode {
  width: number
  height: number
  getContext(kind: '2d'): unknown
}

function canvasNode(canvasId: string): Promise<CanvasNode> {
  return new Promise((resolve, reject) => {
    Taro.createSelectorQuery()
      .select(`#${canvasId}`)
      .fields({ node: true, size: true })
      .exec((res: { node?: CanvasNode }[]) => {
        const node = res?.[0]?.node
        if (node) resolve(node)
        else reject(new Error('海报画布还没准备好，请再点一次'))
      })
  })
}

export async function renderPoster(canvasId: string, drawing: PosterDrawing): Promise<string> {
  const canvas = await canvasNode(canvasId)
  canvas.width = drawing.width
  canvas.height = drawing.height
  drawing.draw(canvas.getContext('2d') as Parameters<PosterDrawing['draw']>[0])
  const { tempFilePath } = await Taro.canvasToTempFilePath({ canvas: canvas as never, fileType: 'png', destWidth: drawing.width, destHeight: drawing.height } as never)
  return tempFilePath
}

export async function savePoster(imageUrl: string, _fileName: string): Promise<'saved' | 'denied'> {
  try {
    await withPrivacy('album', () => Taro.saveImageToPhotosAlbum({ filePath: imageUrl }))
    return 'saved'
  } catch (e) {
    // refused album access: the page explains how to allow it in 设置
    if (/auth|deny|denied/i.test(String((e as { errMsg?: string }).errMsg ?? e))) return 'denied'
    throw e
  }
}
