/**
 * Browse by 工种 pictures and long lists in the built H5 (workers who read little find courses by picture), real Chromium at 375×667:
 * home's picture tiles reached and opened by keyboard and by tap; the list's 按图找工种 sheet; the course
 * list keeps a bounded number of cards in the DOM however far the worker scrolls. Normal and 关怀模式, with
 * the inclusion checks (axe, touch targets, text size, overflow) on every view; screenshots saved.
 */
import { nextFrame } from '../support/pages'
import type { Page } from 'playwright-core'
import type { CoursePage } from '../../src/contract'
import { currentTaroPage, PHONE, screenshotPath, useChromium } from '../support/browser'
import { expectInclusive, setCareMode } from '../support/inclusion'
import { getJson, useLiveServer } from '../support/server'

const SHANGHAI = { latitude: 31.231, longitude: 121.474 }
const ELECTRICIAN = '6-31-01-03'
const BABY_CARE = '4-10-01-02'
// more than 300 courses within the list's radius
const server = useLiveServer({ SEED_COURSES: '2400' })
const browser = useChromium()
jest.setTimeout(240_000)

async function phone(care = false): Promise<Page> {
  const context = await browser.newContext({ ...PHONE, permissions: ['geolocation'], geolocation: SHANGHAI })
  await setCareMode(context, care)
  return context.newPage()
}

const expectedTitles = async (occupation: string) =>
  (await getJson<CoursePage>(`${server.url}/api/v1/courses?lat=${SHANGHAI.latitude}&lng=${SHANGHAI.longitude}&occupation=${occupation}&limit=10`)).items.map(
    (c) => c.title
  )

for (const care of [false, true]) {
  const mode = care ? 'care' : 'normal'
  test(`home → 电工 tile by keyboard, list shows only 电工; 按图找工种 → 育婴员 by tap (${mode})`, async () => {
    const page = await phone(care)
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(server.url)
    const tile = currentTaroPage(page).locator(`#occupation-${ELECTRICIAN}`)
    await tile.waitFor({ timeout: 30_000 })
    await currentTaroPage(page).locator('.course-card').first().waitFor({ timeout: 30_000 })
    await expect(tile.getAttribute('role')).resolves.toBe('link')
    await expect(tile.getAttribute('aria-label')).resolves.toBe('电工的课程')
    await tile.scrollIntoViewIfNeeded()
    await page.screenshot({ path: screenshotPath(`occupations-home-${mode}`) })
    await expectInclusive(page, 'home', { care })

    // keyboard only: Tab until the 电工 tile has focus, then Enter
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    let reached = false
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab')
      reached = await page.evaluate((id) => document.activeElement?.id === id, `occupation-${ELECTRICIAN}`)
    }
    expect(reached).toBe(true)
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)
    expect(ring).not.toBe('none')
    await page.keyboard.press('Enter')
    await page.waitForURL(new RegExp(`pages/courses/index\\?occupation=${ELECTRICIAN}`))
    const titles = await expectedTitles(ELECTRICIAN)
    expect(titles.length).toBeGreaterThan(0)
    const list = currentTaroPage(page)
    await list.locator('.course-card').filter({ hasText: titles[0] }).first().waitFor({ timeout: 20_000 })
    // the same courses as the API gives for that 工种 (equal distances may come in either order)
    const shown = await list.locator('.course-card__title').allTextContents()
    expect([...shown].sort()).toEqual([...titles].sort())
    await expect(list.locator('#occupation-open').textContent()).resolves.toContain('工种：电工')
    await page.screenshot({ path: screenshotPath(`occupations-list-electrician-${mode}`) })
    await expectInclusive(page, 'list filtered by 电工', { care })

    // the picture sheet on the list, by tap
    await list.locator('#occupation-open').click()
    const sheet = list.locator('.occupation-sheet')
    await sheet.waitFor()
    await expect(sheet.locator(`#occupation-${ELECTRICIAN}`).getAttribute('aria-pressed')).resolves.toBe('true')
    await page.screenshot({ path: screenshotPath(`occupations-sheet-${mode}`) })
    await expectInclusive(page, '工种 sheet', { care })
    await sheet.locator(`#occupation-${BABY_CARE}`).click()
    await sheet.waitFor({ state: 'detached' })
    const babyTitles = await expectedTitles(BABY_CARE)
    await list.locator('.course-card').filter({ hasText: babyTitles[0] }).first().waitFor({ timeout: 20_000 })
    expect((await list.locator('.course-card__title').allTextContents()).sort()).toEqual([...babyTitles].sort())

    // 不限工种 drops the filter
    await list.locator('#occupation-clear').click()
    await expect(list.locator('#occupation-open').textContent()).resolves.toContain('按图找工种')
    expect(errors).toEqual([])
    await page.context().close()
  })
}

test('course list: scrolling through 300+ cards keeps at most a few pages of cards in the DOM', async () => {
  const page = await phone(false)
  let pagesLoaded = 0
  page.on('response', (r) => {
    if (r.url().includes('/api/v1/courses?') && r.status() === 200) pagesLoaded++
  })
  await page.goto(`${server.url}/pages/courses/index`)
  const list = currentTaroPage(page)
  await list.locator('.course-card').first().waitFor({ timeout: 30_000 })
  const firstTitle = (await list.locator('.course-card__title').first().textContent())!
  let maxCards = 0
  let maxNodes = 0
  // the wheel scrolls what is under the pointer: the list, not the H5 title bar at the top
  await page.mouse.move(187, 400)
  for (const end = Date.now() + 90_000; Date.now() < end && pagesLoaded < 31; ) {
    await page.mouse.wheel(0, 1500)
    await nextFrame(page) // the scroll painted, the next page asked for if the end came near
    maxCards = Math.max(maxCards, await list.locator('.course-card').count())
    maxNodes = Math.max(maxNodes, await page.evaluate(() => document.querySelectorAll('*').length))
  }
  expect(pagesLoaded).toBeGreaterThanOrEqual(31) // ≥ 300 cards loaded (10 a page)
  expect(maxCards).toBeLessThanOrEqual(50)
  await expect(list.locator('.course-card__title').allTextContents()).resolves.not.toContain(firstTitle)
  await page.screenshot({ path: screenshotPath('long-list-scrolled') })
  // back to the top: the first card is rendered again where it was
  for (const end = Date.now() + 30_000; Date.now() < end && !(await list.locator('.course-card').filter({ hasText: firstTitle }).count()); ) {
    await page.mouse.wheel(0, -5000)
    await nextFrame(page)
  }
  await list.locator('.course-card').filter({ hasText: firstTitle }).first().waitFor({ timeout: 5000 })
  console.log(`long list H5: ${pagesLoaded * 10} cards loaded, at most ${maxCards} cards and ${maxNodes} DOM nodes`)
  await page.context().close()
})
