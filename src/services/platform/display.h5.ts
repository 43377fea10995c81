/**
 * The phone's own text size, as a factor of the standard size (1 = standard).
 * H5: the browser's default font size (`medium`; 16 px standard) — what a user enlarges in the
 * browser's or the system's text-size setting. Taro sets the root font size itself, so probe a
 * detached `medium` instead of reading <html>.
 */
export function systemFontScale(): number {
  try {
    const probe = document.createElement('div')
    probe.style.cssText = 'position:absolute;visibility:hidden;font-size:medium'
    document.body.appendChild(probe)
    const px = parseFloat(getComputedStyle(probe).fontSize)
    probe.remove()
    return px > 0 ? px / 16 : 1
  } catch {
    return 1
  }
}
