/** A drawing surface for a handwritten signature on a page's canvas. */
export interface SignatureSurface {
  /** Touch events from the Canvas component (the mini program); H5 listens to pointer events itself */
  handle(kind: 'start' | 'move' | 'end', event: unknown): void
  clear(): void
  isEmpty(): boolean
  /** PNG data URL, small (the canvas is drawn at 1×), or null when nothing was drawn */
  toDataUrl(): string | null
  /** Draws a saved signature back onto the pad (a draft the staff member came back to) */
  restore(dataUrl: string): Promise<void>
  detach(): void
}

export const SIGNATURE_INK = '#111111'
export const SIGNATURE_WIDTH = 4
