/** H5: the real <canvas> inside Taro's Canvas element, drawn with pointer events (finger, pen or mouse). */
import { SIGNATURE_INK, SIGNATURE_WIDTH, type SignatureSurface } from './signature.types'

export type { SignatureSurface } from './signature.types'

export async function attachSignature(canvasId: string, onChange: (empty: boolean) => void, onStroke?: () => void): Promise<SignatureSurface | null> {
  let canvas: HTMLCanvasElement | null = null
  for (let i = 0; i < 20 && !canvas; i++) {
    const host = document.getElementById(canvasId)
    canvas = host instanceof HTMLCanvasElement ? host : (host?.querySelector('canvas') ?? null)
    if (!canvas) await new Promise((r) => setTimeout(r, 50))
  }
  if (!canvas) return null
  const c = canvas
  const rect = () => c.getBoundingClientRect()
  c.width = Math.round(rect().width)
  c.height = Math.round(rect().height)
  c.style.touchAction = 'none'
  const ctx = c.getContext('2d')
  if (!ctx) return null
  ctx.lineWidth = SIGNATURE_WIDTH
  ctx.lineCap = 'round'
  ctx.lineJoin = 'round'
  ctx.strokeStyle = SIGNATURE_INK
  let drawing = false
  let empty = true
  const at = (e: PointerEvent) => {
    const r = rect()
    return { x: ((e.clientX - r.left) * c.width) / r.width, y: ((e.clientY - r.top) * c.height) / r.height }
  }
  const down = (e: PointerEvent) => {
    drawing = true
    const p = at(e)
    ctx.beginPath()
    ctx.moveTo(p.x, p.y)
    e.preventDefault()
  }
  const move = (e: PointerEvent) => {
    if (!drawing) return
    const p = at(e)
    ctx.lineTo(p.x, p.y)
    ctx.stroke()
    if (empty) {
      empty = false
      onChange(false)
    }
    e.preventDefault()
  }
  const up = () => {
    if (drawing) onStroke?.()
    drawing = false
  }
  c.addEventListener('pointerdown', down)
  c.addEventListener('pointermove', move)
  window.addEventListener('pointerup', up)
  return {
    handle: () => undefined,
    clear() {
      ctx.clearRect(0, 0, c.width, c.height)
      empty = true
      onChange(true)
    },
    isEmpty: () => empty,
    toDataUrl: () => (empty ? null : c.toDataURL('image/png')),
    restore: (dataUrl) =>
      new Promise<void>((resolve) => {
        const img = new Image()
        img.onload = () => {
          ctx.drawImage(img, 0, 0, c.width, c.height)
          empty = false
          onChange(false)
          resolve()
        }
        img.onerror = () => resolve()
        img.src = dataUrl
      }),
    detach() {
      c.removeEventListener('pointerdown', down)
      c.removeEventListener('pointermove', move)
      window.removeEventListener('pointerup', up)
    }
  }
}
