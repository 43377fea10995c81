/**
 * Windowing for long page-scrolled lists (DESIGN §5: weapp page data stays small however far the worker
 * scrolls). Items are grouped in chunks (one API page each); only the chunks near the viewport are
 * rendered, the others are spacers of their measured height (an estimate until measured). The items
 * themselves stay in the hook's memory, outside the page data.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { measureHeights, useOnPageScroll, viewportHeight } from '../../services/platform'
import type { ListWindow } from '../../components/windowed-list'

export interface WindowOptions {
  /** items per chunk (the API page size) */
  chunk: number
  /** estimated height of one item in px, used until a chunk is measured */
  itemPx: number
  /** a new value (new search) forgets the measured heights and scrolls the window back to the top */
  resetKey: string
  /** id prefix of the chunk elements, unique on the page */
  idPrefix: string
}

/** Rendered band around the viewport: one screen above, two below (cards come into view without a gap), plus one chunk. */
const ABOVE = 1
const BELOW = 2

export function computeWindow(count: number, scrollTop: number, vh: number, heightOf: (chunk: number) => number, chunk: number): ListWindow {
  const chunks = Math.ceil(count / chunk)
  const top = scrollTop - ABOVE * vh
  const bottom = scrollTop + (1 + BELOW) * vh
  let first = -1
  let last = -1
  let y = 0
  let before = 0
  let after = 0
  for (let i = 0; i < chunks; i++) {
    const h = heightOf(i)
    if (y + h >= top && y <= bottom) {
      if (first < 0) first = i
      last = i
    } else if (first < 0) before += h
    else after += h
    y += h
  }
  // one chunk more below the band: a page just appended at the end shows at once, wherever the scroll event left us
  if (last >= 0 && last + 1 < chunks) {
    last += 1
    after -= heightOf(last)
  }
  // scrolled past everything (the list shrank): keep the last chunk so the foot stays reachable
  if (first < 0 && chunks > 0) {
    first = last = chunks - 1
    before -= heightOf(chunks - 1)
    after = 0
  }
  return { firstChunk: Math.max(first, 0), lastChunk: last, spacerTopPx: Math.max(before, 0), spacerBottomPx: Math.max(after, 0) }
}

export function useWindowedList(count: number, opts: WindowOptions): ListWindow {
  const heights = useRef(new Map<number, number>())
  const scrollTop = useRef(0)
  const vh = useRef(0)
  const [win, setWin] = useState<ListWindow>({ firstChunk: 0, lastChunk: -1, spacerTopPx: 0, spacerBottomPx: 0 })

  const heightOf = useCallback(
    (i: number) => heights.current.get(i) ?? opts.itemPx * Math.min(opts.chunk, Math.max(count - i * opts.chunk, 0)),
    [count, opts.chunk, opts.itemPx]
  )

  const update = useCallback(() => {
    if (!vh.current) vh.current = viewportHeight()
    const next = computeWindow(count, scrollTop.current, vh.current, heightOf, opts.chunk)
    // same chunks rendered: no re-render (scroll events come many times a second)
    setWin((w) =>
      w.firstChunk === next.firstChunk && w.lastChunk === next.lastChunk && w.spacerTopPx === next.spacerTopPx && w.spacerBottomPx === next.spacerBottomPx ? w : next
    )
  }, [count, heightOf, opts.chunk])

  useEffect(() => {
    heights.current.clear()
    scrollTop.current = 0
  }, [opts.resetKey])

  useEffect(update, [update, opts.resetKey])

  // measure the chunks now rendered; spacers then take their real height
  useEffect(() => {
    if (win.lastChunk < 0) return
    let live = true
    void measureHeights(`.${opts.idPrefix}`).then((found) => {
      if (!live || found.size === 0) return
      let changed = false
      found.forEach((h, id) => {
        const i = Number(id.slice(opts.idPrefix.length + 1))
        if (Number.isInteger(i) && Math.abs((heights.current.get(i) ?? 0) - h) > 1) {
          heights.current.set(i, h)
          changed = true
        }
      })
      if (changed) update()
    })
    return () => {
      live = false
    }
  }, [win.firstChunk, win.lastChunk, count, opts.idPrefix, update])

  useOnPageScroll((top) => {
    scrollTop.current = top
    update()
  })

  return win
}
