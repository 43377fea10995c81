/**
 * The share poster, drawn on any 2D canvas (browser or WeChat Canvas 2D): a blue header, the title, the plain
 * summary, issuer and date, a QR code to the notice, and the station's referral when staff share it.
 * Lives in the notices subpackage with qrcode-generator, so neither weighs on the main package.
 */
import qrcode from 'qrcode-generator'
import type { Canvas2D, PosterDrawing } from '../../../services/platform/poster.types'
import { publishedLabel } from '../../../domain/format'

export interface PosterContent {
  title: string
  summary: string
  issuer: string
  publishedAt: string
  docNumber: string
  /** Opened by the QR code; lands on the notice without login */
  link: string
  /** e.g. 阳泉市城区零工市场就业服务站 推荐 */
  referral?: string | null
}

export const POSTER_WIDTH = 750
export const POSTER_HEIGHT = 1180

/** Dark modules of the QR code for `text` (error correction M: survives a smudged print). */
export function qrModules(text: string): boolean[][] {
  const qr = qrcode(0, 'M')
  qr.addData(text, 'Byte')
  qr.make()
  const n = qr.getModuleCount()
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)))
}

/** Lines of at most `maxWidth` pixels (Chinese wraps anywhere); the last shown line ends with … when cut. */
export function wrapText(ctx: Pick<Canvas2D, 'measureText'>, text: string, maxWidth: number, maxLines: number): string[] {
  const lines: string[] = []
  let line = ''
  const chars = Array.from(text.replace(/\s+/g, ' '))
  for (let i = 0; i < chars.length; i++) {
    const next = line + chars[i]
    if (ctx.measureText(next).width > maxWidth && line !== '') {
      lines.push(line)
      line = chars[i]
      if (lines.length === maxLines) {
        const last = lines[maxLines - 1]
        lines[maxLines - 1] = `${Array.from(last).slice(0, -1).join('')}…`
        return lines
      }
    } else line = next
  }
  if (line) lines.push(line)
  return lines.slice(0, maxLines)
}

export function posterDrawing(c: PosterContent): PosterDrawing {
  return {
    width: POSTER_WIDTH,
    height: POSTER_HEIGHT,
    draw(ctx) {
      const W = POSTER_WIDTH
      const pad = 48
      ctx.textBaseline = 'top'
      ctx.textAlign = 'left'
      ctx.fillStyle = '#ffffff'
      ctx.fillRect(0, 0, W, POSTER_HEIGHT)
      // header band
      ctx.fillStyle = '#1a6fd1'
      ctx.fillRect(0, 0, W, 150)
      ctx.fillStyle = '#ffffff'
      ctx.font = 'bold 44px sans-serif'
      ctx.fillText('政策通知', pad, 36)
      ctx.font = '28px sans-serif'
      ctx.fillText('技能培训掌上办 · 学技能 领补贴', pad, 96)
      // title
      let y = 190
      ctx.fillStyle = '#1f2329'
      ctx.font = 'bold 46px sans-serif'
      for (const line of wrapText(ctx, c.title, W - pad * 2, 3)) {
        ctx.fillText(line, pad, y)
        y += 62
      }
      // summary box
      y += 16
      ctx.font = '36px sans-serif'
      const summaryLines = wrapText(ctx, c.summary, W - pad * 2 - 48, 5)
      const boxH = 80 + summaryLines.length * 52
      ctx.fillStyle = '#fff8e6'
      ctx.fillRect(pad, y, W - pad * 2, boxH)
      ctx.fillStyle = '#f0a020'
      ctx.fillRect(pad, y, 10, boxH)
      ctx.fillStyle = '#8a4b00'
      ctx.font = 'bold 28px sans-serif'
      ctx.fillText('说的是什么', pad + 30, y + 22)
      ctx.fillStyle = '#1f2329'
      ctx.font = '36px sans-serif'
      let sy = y + 66
      for (const line of summaryLines) {
        ctx.fillText(line, pad + 30, sy)
        sy += 52
      }
      y += boxH + 28
      // issuer, number, date
      ctx.fillStyle = '#4e5969'
      ctx.font = '28px sans-serif'
      for (const line of wrapText(ctx, `${c.issuer}${c.docNumber ? ` · ${c.docNumber}` : ''}`, W - pad * 2, 2)) {
        ctx.fillText(line, pad, y)
        y += 40
      }
      ctx.fillText(`${publishedLabel(c.publishedAt)} 发布`, pad, y)
      // QR code, bottom left, with a quiet zone
      const modules = qrModules(c.link)
      const n = modules.length
      const size = 260
      const cell = Math.floor(size / (n + 8))
      const qrSize = cell * (n + 8)
      const qx = pad
      const qy = POSTER_HEIGHT - qrSize - 60
      ctx.fillStyle = '#ffffff'
      ctx.fillRect(qx, qy, qrSize, qrSize)
      ctx.fillStyle = '#000000'
      for (let r = 0; r < n; r++) {
        for (let col = 0; col < n; col++) {
          if (modules[r][col]) ctx.fillRect(qx + (col + 4) * cell, qy + (r + 4) * cell, cell, cell)
        }
      }
      const tx = qx + qrSize + 32
      ctx.fillStyle = '#1f2329'
      ctx.font = 'bold 36px sans-serif'
      ctx.fillText('扫码看全文', tx, qy + 40)
      ctx.font = '28px sans-serif'
      ctx.fillStyle = '#4e5969'
      ctx.fillText('不用登录，还能听朗读', tx, qy + 96)
      if (c.referral) {
        ctx.fillStyle = '#14804a'
        for (const [i, line] of wrapText(ctx, c.referral, W - tx - pad, 2).entries()) ctx.fillText(line, tx, qy + 150 + i * 40)
      }
      ctx.fillStyle = '#4e5969'
      ctx.font = '24px sans-serif'
      ctx.fillText('政策以发布单位原文为准', pad, POSTER_HEIGHT - 44)
    }
  }
}
