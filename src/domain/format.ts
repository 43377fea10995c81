/** Money and dates the way a worker reads them. Pure; no dayjs so the main package stays small. */

/** 1500 → "1500元"; 0 → "免费" when `freeWord` is set. */
export function formatYuan(yuan: number, freeWord = false): string {
  if (freeWord && yuan === 0) return '免费'
  // Plain arithmetic, not toLocaleString('en-US') (whose grouping commas were stripped anyway): that
  // built an Intl number formatter on every call, ≈ 0.1 s of a low-end phone's first course-list render.
  return `${Math.round(yuan * 1000) / 1000}元`
}

/** "2026-12-05" → "12月5日"; the year is shown only when it differs from `today`'s. */
export function formatDate(isoDate: string, today: string = todayInChina()): string {
  // only the year is known (an old document): say the year, never a made-up day
  if (/^[0-9]{4}$/.test(isoDate)) return `${isoDate}年`
  const [y, m, d] = isoDate.split('-').map(Number)
  const sameYear = today.slice(0, 4) === isoDate.slice(0, 4)
  return sameYear ? `${m}月${d}日` : `${y}年${m}月${d}日`
}

/** A publication date as printed on a notice's page or poster: 2024-02-06, or 2020年 when only the year is known. */
export const publishedLabel = (publishedAt: string) => (/^[0-9]{4}$/.test(publishedAt) ? `${publishedAt}年` : publishedAt)

/** Whole days from `today` to `isoDate` (negative when past). */
export function daysUntil(isoDate: string, today: string = todayInChina()): number {
  const ms = Date.parse(`${isoDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)
  return Math.round(ms / 86_400_000)
}

/** "3天后开课" / "今天开课" / "已开课". */
export function startsInText(isoDate: string, today: string = todayInChina()): string {
  const days = daysUntil(isoDate, today)
  if (days > 0) return `${days}天后开课`
  if (days === 0) return '今天开课'
  return '已开课'
}

/** Today's date in China (UTC+8, no DST) as YYYY-MM-DD, whatever the device's time zone. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** An instant (ISO with zone) as Beijing time: "2026年12月8日 01:20" (a consent at 17:20 UTC is the next day there). */
export function formatBeijingTime(iso: string): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  const b = new Date(t + 8 * 3_600_000).toISOString() // read as UTC fields = Beijing wall clock
  return `${Number(b.slice(0, 4))}年${Number(b.slice(5, 7))}月${Number(b.slice(8, 10))}日 ${b.slice(11, 16)}`
}
