/** Mini program: a Canvas 2D node, drawn from the Canvas component's touch events (x/y are canvas-relative). */
import Taro from '@tarojs/taro'
import { SIGNATURE_INK, SIGNATURE_WIDTH, type SignatureSurface } from './signature.types'

export type { SignatureSurface } from './signature.types'

interface Node2d {
  width: number
  height: number
  getContext(kind: '2d'): CanvasRenderingContext2D
  toDataURL(type?: string): string
}

export async function attachSignature(canvasId: string, onChange: (empty: boolean) => void, onStroke?: () => void): Promise<SignatureSurface | null> {
  const found = await new Promise<{ node?: Node2d; width?: number; height?: number } | null>((resolve) => {
    Taro.createSelectorQuery()
      .select(`#${canvasId}`)
      .fields({ node: true, size: true })
      .exec((res: unknown[]) => resolve((res?.[0] as { node?: Node2d; width?: number; height?: number }) ?? null))
  })
  const canvas = found?.node
  if (!canvas || !found?.width || !found.height) return null
  canvas.width = Math.round(found.width)
  canvas.height = Math.round(found.height)
  const ctx = canvas.getContext('2d')
  ctx.lineWidth = SIGNATURE_WIDTH
  ctx.lineCap = 'round'
  ctx.lineJoin = 'round'
  ctx.strokeStyle = SIGNATURE_INK
  let empty = true
  const point = (e: unknown) => (e as { touches?: { x: number; y: number }[] }).touches?.[0]
  return {
    handle(kind, e) {
      const p = point(e)
      if (kind === 'end') {
        onStroke?.()
        return
      }
      if (!p) return
      if (kind === 'start') {
        ctx.beginPath()
        ctx.moveTo(p.x, p.y)
        return
      }
      ctx.lineTo(p.x, p.y)
      ctx.stroke()
      if (empty) {
        empty = false
        onChange(false)
      }
    },
    clear() {
      ctx.clearRect(0, 0, canvas.width, canvas.height)
      empty = true
      onChange(true)
    },
    isEmpty: () => empty,
    toDataUrl: () => (empty ? null : canvas.toDataURL('image/png')),
    restore: (dataUrl) =>
      new Promise<void>((resolve) => {
        const img = (canvas as unknown as { createImage(): { onload: () => void; onerror: () => void; src: string } }).createImage()
        img.onload = () => {
          ctx.drawImage(img as unknown as CanvasImageSource, 0, 0, canvas.width, canvas.height)
          empty = false
          onChange(false)
          resolve()
        }
        img.onerror = () => resolve()
        img.src = dataUrl
      }),
    detach: () => undefined
  }
}
