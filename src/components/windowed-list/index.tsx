import { Fragment, type ReactNode } from 'react'
import { View } from '@tarojs/components'

/** Which chunks are rendered, and the space the others take (from the windowing hook). */
export interface ListWindow {
  firstChunk: number
  /** -1: nothing rendered yet */
  lastChunk: number
  spacerTopPx: number
  spacerBottomPx: number
}

export interface WindowedListProps<T> {
  items: readonly T[]
  chunk: number
  window: ListWindow
  /** class and id prefix of the chunk elements (the hook measures them by it) */
  idPrefix: string
  keyOf(item: T): string
  render(item: T, index: number): ReactNode
}

/**
 * Renders only the chunks of a long list near the viewport; spacers hold the place of the rest so the
 * scroll position and the scroll bar stay true. Before the first window is known, the first chunk shows.
 */
export function WindowedList<T>({ items, chunk, window: w, idPrefix, keyOf, render }: WindowedListProps<T>) {
  const chunks = Math.ceil(items.length / chunk)
  const first = Math.min(w.firstChunk, Math.max(chunks - 1, 0))
  const last = w.lastChunk < 0 ? Math.min(chunks - 1, 0) : Math.min(w.lastChunk, chunks - 1)
  const shown: ReactNode[] = []
  for (let i = first; i <= last; i++) {
    shown.push(
      <View key={`c${i}`} id={`${idPrefix}-${i}`} className={idPrefix}>
        {items.slice(i * chunk, (i + 1) * chunk).map((item, j) => (
          <Fragment key={keyOf(item)}>{render(item, i * chunk + j)}</Fragment>
        ))}
      </View>
    )
  }
  return (
    <View>
      {w.spacerTopPx > 0 && <View style={{ height: `${Math.round(w.spacerTopPx)}px` }} />}
      {shown}
      {w.spacerBottomPx > 0 && <View style={{ height: `${Math.round(w.spacerBottomPx)}px` }} />}
    </View>
  )
}
