/** Sharing in the browser: copy the page link for the worker to paste into a chat. */
import Taro from '@tarojs/taro'
import { toast } from './ui'

export interface ShareContent {
  title: string
  path: string
  imageUrl?: string
}

export const SHARE_WITH_BUTTON = false

export function useSharePage(_content: ShareContent | null): void {
  // Browsers have no share hook; the button copies the link instead.
}

export function shareByLink(content: ShareContent): void {
  const origin = typeof window !== 'undefined' ? window.location.origin : ''
  const link = `${origin}${content.path}`
  Taro.setClipboardData({ data: `${content.title} ${link}` })
    .then(() => toast('链接已复制', 'success'))
    .catch(() => toast('复制没有成功，请截图分享'))
}

/** A link anyone can open: used in poster QR codes. */
export function publicLink(path: string): string {
  return `${typeof window !== 'undefined' ? window.location.origin : ''}${path}`
}

/** 告诉家人: the phone's share sheet where the browser has one, else the link copied. */
export function shareWithFamily(content: ShareContent, text: string): void {
  const link = publicLink(content.path)
  const nav = typeof navigator !== 'undefined' ? (navigator as Navigator & { share?: (d: ShareData) => Promise<void> }) : null
  if (nav?.share) {
    nav.share({ title: content.title, text, url: link }).catch(() => undefined) // dismissed: nothing to do
    return
  }
  Taro.setClipboardData({ data: `${text} ${link}` })
    .then(() => toast('已复制，可以粘贴到微信发给家人', 'success'))
    .catch(() => toast('复制没有成功，请截图发给家人'))
}
