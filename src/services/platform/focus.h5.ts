/** H5: bring the first visible form error into view and give it focus (after React has rendered it). */
export function focusFirstError(selector = '.form-error'): void {
  setTimeout(() => {
    if (typeof document === 'undefined') return
    // Taro keeps earlier pages in the DOM, hidden: take the first error that is laid out
    const el = Array.from(document.querySelectorAll<HTMLElement>(selector)).find((e) => e.getClientRects().length > 0)
    if (!el) return
    el.scrollIntoView({ block: 'center' })
    el.focus({ preventScroll: true })
  }, 0)
}
