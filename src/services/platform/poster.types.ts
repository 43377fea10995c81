/** The part of a 2D canvas context a poster drawing uses (browser canvas and weapp Canvas 2D alike). */
export interface Canvas2D {
  fillStyle: string | unknown
  font: string
  textBaseline: string
  textAlign: string
  fillRect(x: number, y: number, w: number, h: number): void
  fillText(text: string, x: number, y: number): void
  measureText(text: string): { width: number }
}

export interface PosterDrawing {
  width: number
  height: number
  draw(ctx: Canvas2D): void
}
