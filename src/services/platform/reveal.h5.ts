/** H5: bring a field with an error into view and put the keyboard focus in it (its input, if it wraps one). */
export function revealField(id: string): void {
  // after React has rendered the message
  setTimeout(() => {
    const el = document.getElementById(id)
    if (!el) return
    el.scrollIntoView({ block: 'center' })
    const target = (el.matches('input, textarea') ? el : el.querySelector('input, textarea, [tabindex]')) as HTMLElement | null
    ;(target ?? el).focus({ preventScroll: true })
  }, 0)
}
