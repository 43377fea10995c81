/**
 * Set-up shared by the H5 journeys (test/e2e): a person logged in through the API (SMS with the development
 * code, consented, profile set) whose session is handed to a browser context's storage, as the app would have
 * stored it; a signature drawn on a pad the way a finger does; a picture once a toast has gone.
 */
import type { BrowserContext, Page } from 'playwright-core'
import type { Session } from '../../src/contract'
import { clientFor, loginSession, type Target } from './api'
import { shot, visible } from './pages'

export interface Identity {
  realName: string
  idNumber: string
  /** also a worker's profile (home region 阳泉市城区, group, employed) and the certificate look-up done */
  worker?: boolean
}

/**
 * Logs `phone` in by SMS, gives consent, sets the identity when given, and makes every page the context opens
 * start with that session in storage (once per tab: a later logout in the page stays logged out).
 */
export async function signedIn(server: Target, context: BrowserContext, phone: string, who?: Identity): Promise<{ token: string; id: string }> {
  const api = clientFor(server)
  const session = await loginSession(server, { phone })
  const { token } = session
  const version = (await api.get<{ version: string }>('/api/v1/privacy')).body.version
  await api.post('/api/v1/me/consent', { version }, { token })
  if (who) {
    const extra = who.worker ? { homeRegion: '140302', groups: ['rural_migrant'], employmentStatus: 'employed' } : {}
    expect((await api.put('/api/v1/me/profile', { realName: who.realName, idNumber: who.idNumber, ...extra }, { token })).status).toBe(200)
    if (who.worker) expect((await api.post('/api/v1/me/certificates/lookup', undefined, { token })).status).toBe(200)
  }
  const me = (await api.get<Session['me']>('/api/v1/me', { token })).body
  const stored = JSON.stringify({ data: JSON.stringify({ state: { token, expiresAt: session.expiresAt, me, pendingEnrollments: {}, actingFor: null }, version: 1 }) })
  await context.addInitScript((value) => {
    if (!sessionStorage.getItem('zsb.e2e.session')) {
      localStorage.setItem('zsb.session', value)
      sessionStorage.setItem('zsb.e2e.session', '1')
    }
  }, stored)
  return { token, id: me.id }
}

/** A signature on the pad whose id starts with `padId`: scrolled above the fixed bar first, then one stroke. */
export async function drawSignature(page: Page, padId: string): Promise<void> {
  const canvas = visible(page).locator(`[id^="${padId}"] canvas, canvas[id^="${padId}"]`).first()
  await canvas.waitFor({ timeout: 10_000 })
  // as the staff member does: scroll the pad above the fixed bar before signing
  await canvas.evaluate((e) => e.scrollIntoView({ block: 'center' }))
  const box = (await canvas.boundingBox())!
  await page.mouse.move(box.x + 30, box.y + box.height / 2)
  await page.mouse.down()
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 30 + i * 20, box.y + box.height / 2 + (i % 2 ? -25 : 25))
  await page.mouse.up()
}

/** A picture of the page once a toast (e.g. 「现在替 王*英 办理」) has faded and the page is still. */
export async function shotWithoutToast(page: Page, name: string, fullPage = false): Promise<void> {
  await page.locator('.taro__toast').first().waitFor({ state: 'hidden', timeout: 10_000 })
  await shot(page, name, { fullPage })
}
