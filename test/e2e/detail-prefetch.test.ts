/**
 * A course page opened straight from a link (shared to a chat, or Lighthouse's detail run): the H5 shell
 * asks for the course while the JS downloads, the app uses that answer (one request, not two), and the
 * shell does not paint home's entries on a page that will not have them.
 */
import type { CoursePage } from '../../src/contract'
import { currentTaroPage, PHONE, useChromium } from '../support/browser'
import { getJson, useLiveServer } from '../support/server'

const server = useLiveServer()
const browser = useChromium()
jest.setTimeout(120_000)

test('course detail from a link: data requested in parallel with the JS, used once; no home entries in the shell', async () => {
  const { items } = await getJson<CoursePage>(`${server.url}/api/v1/courses?region=310000&limit=1`)
  const id = items[0].id
  const context = await browser.newContext({ ...PHONE })
  const page = await context.newPage()
  const events: string[] = []
  page.on('request', (r) => {
    const u = new URL(r.url())
    if (u.pathname === `/api/v1/courses/${id}`) events.push('api-request')
  })
  page.on('requestfinished', (r) => {
    if (/\/js\/app\.[0-9a-f]+\.js$/.test(new URL(r.url()).pathname)) events.push('app-js-done')
  })
  await page.goto(`${server.url}/pages/course/index?id=${id}`, { waitUntil: 'commit' })
  await page.waitForSelector('.shell', { state: 'attached' }).catch(() => undefined)
  const shellEntriesShown = await page.evaluate(() => {
    const el = document.querySelector('.shell__entries')
    return el ? getComputedStyle(el).display !== 'none' : false
  })
  expect(shellEntriesShown).toBe(false)
  await currentTaroPage(page).getByText(items[0].title).first().waitFor({ timeout: 30_000 })
  expect(events.filter((e) => e === 'api-request')).toHaveLength(1)
  expect(events.indexOf('api-request')).toBeLessThan(events.indexOf('app-js-done'))
  await context.close()
})

test('course list from a link: its first page requested by the shell in parallel with the JS and used once', async () => {
  const context = await browser.newContext({ ...PHONE })
  const page = await context.newPage()
  const events: string[] = []
  page.on('request', (r) => {
    const u = new URL(r.url())
    if (u.pathname === '/api/v1/courses') events.push(`api-request ${u.search}`)
  })
  page.on('requestfinished', (r) => {
    if (/\/js\/app\.[0-9a-f]+\.js$/.test(new URL(r.url()).pathname)) events.push('app-js-done')
  })
  // a first visit: no remembered region and no location permission, so the app asks without an anchor
  await page.goto(`${server.url}/pages/courses/index`, { waitUntil: 'commit' })
  const { items } = await getJson<CoursePage>(`${server.url}/api/v1/courses?limit=10`)
  await currentTaroPage(page).getByText(items[0].title).first().waitFor({ timeout: 30_000 })
  const asked = events.filter((e) => e.startsWith('api-request'))
  expect(asked).toEqual(['api-request ?limit=10'])
  expect(events.indexOf(asked[0])).toBeLessThan(events.indexOf('app-js-done'))
  await context.close()
})
