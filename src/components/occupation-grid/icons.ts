/**
 * One simple line drawing per 工种 for people who read little: 48×48 SVG, one colour, a few strokes each
 * (≈ 0.2 KB). Shown as a CSS background (a data URI), which both the mini program and the browser draw
 * without an image request and without an <img> that would need alt text (the tile's name is its text).
 */
const HEAD = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 48 48' fill='none' stroke='#155bb0' stroke-width='3' stroke-linecap='round' stroke-linejoin='round'>"

const DRAWINGS: Record<string, string> = {
  // 电工: lightning bolt
  '6-31-01-03': "<path d='M27 4 11 27h12l-3 17 17-24H25z'/>",
  // 焊工: mask and sparks
  '6-18-02-04': "<path d='M10 14h22v20H10z'/><path d='M14 22h14'/><path d='M38 10l4-4M40 18h5M38 26l4 4'/>",
  // 育婴员: baby bottle
  '4-10-01-02': "<path d='M20 4h8v6h-8z'/><path d='M17 10h14l2 6v24a4 4 0 0 1-4 4H19a4 4 0 0 1-4-4V16z'/><path d='M15 24h6M15 32h6'/>",
  // 养老护理员: heart in hands
  '4-10-01-05': "<path d='M24 24s-10-6-10-13a5 5 0 0 1 10-1 5 5 0 0 1 10 1c0 7-10 13-10 13z'/><path d='M4 30l10 10h20l10-10'/>",
  // 家政服务员: house
  '4-10-01-06': "<path d='M6 22 24 6l18 16'/><path d='M11 18v24h26V18'/><path d='M20 42V30h8v12'/>",
  // 中式烹调师: wok with steam
  '4-03-02-01': "<path d='M6 26h36a18 14 0 0 1-36 0z'/><path d='M42 26l4-4'/><path d='M17 18c-2-3 2-5 0-8M24 18c-2-3 2-5 0-8M31 18c-2-3 2-5 0-8'/>",
  // 美发师: scissors
  '4-10-03-01': "<circle cx='12' cy='36' r='6'/><circle cx='36' cy='36' r='6'/><path d='M16 31 34 6M32 31 14 6'/>",
  // 农机修理工: wrench
  '5-05-01-01': "<path d='M30 6a10 10 0 0 0-9 13L6 34l8 8 15-15A10 10 0 0 0 42 18l-6 6-6-6 6-6a10 10 0 0 0-6-6z'/>",
  // 快递员: parcel
  '4-02-07-01': "<path d='M6 14 24 6l18 8v20l-18 8-18-8z'/><path d='M6 14l18 8 18-8M24 22v20'/>",
  // 网约配送员: scooter
  '4-02-07-10': "<circle cx='11' cy='36' r='5'/><circle cx='37' cy='36' r='5'/><path d='M16 36h16l4-18h6M30 18h-14v10'/>",
  // 保安员: shield
  '4-07-05-01': "<path d='M24 4 8 10v12c0 10 7 18 16 22 9-4 16-12 16-22V10z'/><path d='M17 24l5 5 9-10'/>",
  // 汽车维修工: car
  '4-12-01-01': "<path d='M6 30v-6l5-10h26l5 10v6z'/><path d='M6 24h36'/><circle cx='14' cy='34' r='4'/><circle cx='34' cy='34' r='4'/>",
  // 砌筑工: brick wall
  '6-29-01-01': "<path d='M4 10h40v28H4z'/><path d='M4 19h40M4 28h40M18 10v9M30 19v9M18 28v10'/>",
  // 直播销售员: phone with play button
  '4-01-06-02': "<path d='M14 4h20v40H14z'/><path d='M21 17v12l10-6z'/><path d='M22 39h4'/>",
  // 农作物植保员: sprout
  '5-01-02-01': "<path d='M24 44V22'/><path d='M24 24C24 14 16 10 8 10c0 10 8 14 16 14zM24 20c0-8 6-12 14-12 0 8-6 12-14 12z'/>",
  // 民宿管家: bed
  '4-07-04-01': "<path d='M4 38V10M4 30h40v8M4 22h40v8'/><circle cx='13' cy='17' r='4'/>"
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** base64 of an ASCII string (the mini program has no btoa; older WebViews need base64 data URIs for SVG). */
function base64(ascii: string): string {
  let out = ''
  for (let i = 0; i < ascii.length; i += 3) {
    const a = ascii.charCodeAt(i)
    const b = ascii.charCodeAt(i + 1)
    const c = ascii.charCodeAt(i + 2)
    const n = (a << 16) | ((b || 0) << 8) | (c || 0)
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < ascii.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < ascii.length ? B64[n & 63] : '=')
  }
  return out
}

/** Occupation codes that have a drawing, in the order the tiles show (most asked-for first). */
export const ICON_CODES = Object.keys(DRAWINGS)

/** CSS background-image value of the drawing for an occupation code ('' when there is none). */
export function occupationIcon(code: string): string {
  const d = DRAWINGS[code]
  return d ? `url("data:image/svg+xml;base64,${base64(`${HEAD}${d}</svg>`)}")` : ''
}

/** Class that draws the occupation's picture (icons.css); '' when there is none. */
export function occupationIconClass(code: string): string {
  return DRAWINGS[code] ? `occ-icon-${code}` : ''
}

/**
 * The drawings as a stylesheet (icons.css, written by `npx tsx scripts/gen-occupation-icons.ts` and checked by
 * test/unit/occupation-icons.test.ts). Why a stylesheet: as inline styles every tile's data URI travelled
 * through the mini program's setData on each first render (≈ 0.5 KB a tile, over the 64 KB first-screen budget).
 */
export function occupationIconsCss(): string {
  const head = '/* generated from icons.ts by scripts/gen-occupation-icons.ts — do not edit */\n'
  return head + ICON_CODES.map((code) => `.occ-icon-${code} { background-image: ${occupationIcon(code)}; }\n`).join('')
}
