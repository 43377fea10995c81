/**
 * The inclusion bar (DESIGN.md §5) checked on the page a person sees. Every e2e page check calls
 * `expectInclusive(page, name, { care })` (or `inclusionReport` to look at the numbers):
 * - axe-core run inside the real page, ALL rules on (scrollable-region-focusable included):
 *   0 serious and 0 critical violations;
 * - every interactive element (role button/link/checkbox/switch/radio, button, a[href], input,
 *   anything in the Tab order) at least 44×44 CSS px, 48×48 in 关怀模式;
 * - in 关怀模式: the page's base font ≥ 20 px, the body text (the font size most characters are set
 *   in) ≥ 20 px, no visible text under 16 px;
 * - in both modes nothing wider than the 375 px viewport (no horizontal scrolling; horizontal
 *   scrollers such as the category chips may scroll inside).
 * `setCareMode(context, on)` presets the stored setting before the app starts (the same storage
 * the 关怀模式 switch on 我的 writes).
 */
import fs from 'node:fs'
import type { BrowserContext, Page } from 'playwright-core'
import { currentTaroPage } from './browser'

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: number
  sample: string
}

export interface InclusionReport {
  /** serious / critical axe violations */
  axe: AxeViolation[]
  /** interactive elements below the touch-target size, as `"text" w×h` */
  smallTargets: string[]
  /** 关怀模式 only: text-size problems */
  text: string[]
  /** 关怀模式 only: elements reaching outside the viewport, and page-level horizontal scroll */
  overflow: string[]
  /** measured, for the report */
  baseFontPx: number
  bodyFontPx: number
}

/** Elements a person can tap or Tab to. */
export const INTERACTIVE =
  '[role="button"], [role="link"], [role="checkbox"], [role="switch"], [role="radio"], button, a[href], input, textarea, [tabindex]:not([tabindex="-1"])'

/** Preset 关怀模式 in the app's stored settings (Taro H5 storage wraps values as {data}). */
export async function setCareMode(context: BrowserContext, on: boolean): Promise<void> {
  const stored = JSON.stringify({ data: JSON.stringify({ state: { region: null, preferRegion: false, elderMode: on, careOffered: true }, version: 1 }) })
  await context.addInitScript((value) => {
    if (!localStorage.getItem('zsb.settings')) localStorage.setItem('zsb.settings', value)
  }, stored)
}

/** Serious and critical violations inside the visible Taro page, every rule enabled. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE })
  const path = new URL(page.url()).pathname
  return page.evaluate(async (route) => {
    const w = window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: any[] }> } }
    // the Taro page the URL points at (earlier pages stay in the DOM, hidden)
    const pages = Array.from(document.querySelectorAll('.taro_page')).filter((el) => el.id === route || el.id.startsWith(`${route}?`))
    const context = pages.length ? pages[pages.length - 1] : document
    const result = await w.axe.run(context, { resultTypes: ['violations'] })
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, sample: String(v.nodes[0]?.html ?? '').slice(0, 160) }))
  }, path)
}

/** Tappable elements (by selector) on the visible page whose box is smaller than `min`×`min` CSS px. */
export async function smallTouchTargets(page: Page, selector: string = INTERACTIVE, min = 44): Promise<string[]> {
  const boxes = await currentTaroPage(page)
    .locator(selector)
    .evaluateAll((els) =>
      els
        .filter((el) => {
          const s = getComputedStyle(el)
          return (el as HTMLElement).offsetParent !== null && s.visibility !== 'hidden' && el.getClientRects().length > 0
        })
        // Taro's Input puts a native input inside <taro-input-core>: measure the outer box once
        .filter((el) => !(el.tagName === 'INPUT' && el.parentElement?.tagName === 'TARO-INPUT-CORE'))
        .map((el) => {
          const r = el.getBoundingClientRect()
          return { text: (el.textContent ?? el.getAttribute('aria-label') ?? el.id).trim().slice(0, 20), width: Math.round(r.width), height: Math.round(r.height) }
        })
    )
  return boxes.filter((b) => b.height < min || b.width < min).map((b) => `"${b.text}" ${b.width}×${b.height}`)
}

/** Text sizes and horizontal overflow of the visible page (关怀模式 checks). */
async function careMeasures(page: Page): Promise<{ baseFontPx: number; bodyFontPx: number; text: string[]; overflow: string[] }> {
  return currentTaroPage(page).evaluate((root) => {
    const vw = document.documentElement.clientWidth
    const shell = root.querySelector('.page-shell')
    const baseFontPx = shell ? parseFloat(getComputedStyle(shell).fontSize) : 0
    const chars = new Map<number, number>()
    const tooSmall: string[] = []
    const overflow: string[] = []
    const scrollsSideways = (el: Element | null): boolean => {
      for (let e = el; e && e !== root; e = e.parentElement) {
        const o = getComputedStyle(e).overflowX
        if ((o === 'auto' || o === 'scroll') && e.scrollWidth > e.clientWidth) return true
      }
      return false
    }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim()
      const el = n.parentElement
      if (!text || !el || el.closest('[aria-hidden="true"]')) continue
      const rects = el.getClientRects()
      if (!rects.length || getComputedStyle(el).visibility === 'hidden') continue
      const px = Math.round(parseFloat(getComputedStyle(el).fontSize) * 10) / 10
      chars.set(px, (chars.get(px) ?? 0) + text.length)
      if (px < 16) tooSmall.push(`"${text.slice(0, 16)}" ${px}px`)
    }
    let best = 0
    let bodyFontPx = 0
    for (const [px, n] of chars) if (n > best) [best, bodyFontPx] = [n, px]
    for (const el of Array.from(root.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect()
      if (!r.width || !r.height || scrollsSideways(el.parentElement)) continue
      if (r.right > vw + 1 || r.left < -1) overflow.push(`${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]} ${Math.round(r.left)}…${Math.round(r.right)}`)
    }
    const scroller = document.scrollingElement
    if (scroller && scroller.scrollWidth > vw + 1) overflow.push(`page scrolls sideways: ${scroller.scrollWidth} > ${vw}`)
    if (root.scrollWidth > root.clientWidth + 1) overflow.push(`taro page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`)
    return { baseFontPx, bodyFontPx, text: tooSmall.slice(0, 10), overflow: overflow.slice(0, 10) }
  })
}

export async function inclusionReport(page: Page, { care }: { care: boolean }): Promise<InclusionReport> {
  // Taro's H5 slides a new page in from the right: measure once the slide has ended (a real overflow stays
  // and is reported; this only waits out the animation, at most 3 s)
  await page
    .waitForFunction(
      () =>
        Array.from(document.querySelectorAll('.taro_page'))
          .filter((el) => getComputedStyle(el).display !== 'none')
          .every((el) => Math.abs(el.getBoundingClientRect().left) < 1),
      null,
      { timeout: 3000 }
    )
    .catch(() => undefined)
  const axe = await seriousA11yViolations(page)
  const smallTargets = await smallTouchTargets(page, INTERACTIVE, care ? 48 : 44)
  const m = await careMeasures(page)
  const text = care ? [...m.text] : []
  if (care && m.baseFontPx < 20) text.unshift(`base font ${m.baseFontPx}px < 20px`)
  if (care && m.bodyFontPx < 20) text.unshift(`body text ${m.bodyFontPx}px < 20px`)
  return { axe, smallTargets, text, overflow: m.overflow, baseFontPx: m.baseFontPx, bodyFontPx: m.bodyFontPx }
}

/** One readable failure listing everything wrong on the page `name`. */
export async function expectInclusive(page: Page, name: string, { care }: { care: boolean }): Promise<InclusionReport> {
  const report = await inclusionReport(page, { care })
  const { axe, smallTargets, text, overflow } = report
  expect({ page: name, care, axe, smallTargets, text, overflow }).toEqual({ page: name, care, axe: [], smallTargets: [], text: [], overflow: [] })
  return report
}
