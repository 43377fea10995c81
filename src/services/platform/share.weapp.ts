/** Sharing on the mini program: WeChat's own 转发 (menu and <Button openType="share">) and 朋友圈. */
import { useShareAppMessage, useShareTimeline } from '@tarojs/taro'
import { apiBase } from '../http/base'

export interface ShareContent {
  title: string
  /** Page path with query, e.g. /pages/course/index?id=crs_1 */
  path: string
  /** Card image (a temp file or https URL); WeChat uses a screenshot of the page when absent */
  imageUrl?: string
}

/** The share button is a native share button on weapp. */
export const SHARE_WITH_BUTTON = true

/**
 * Register what 转发 (and 朋友圈, where the page config sets enableShareTimeline) sends.
 * Page config must set enableShareAppMessage: true.
 */
export function useSharePage(content: ShareContent | null): void {
  useShareAppMessage(() => (content ? { title: content.title, path: content.path, ...(content.imageUrl ? { imageUrl: content.imageUrl } : {}) } : {}))
  useShareTimeline(() => (content ? { title: content.title, query: content.path.split('?')[1] ?? '', ...(content.imageUrl ? { imageUrl: content.imageUrl } : {}) } : {}))
}

export function shareByLink(_content: ShareContent): void {
  // Never called on weapp: the native share button handles it.
}

/** A link anyone can open (the API server also serves the H5 app): used in poster QR codes. */
export function publicLink(path: string): string {
  return `${apiBase()}${path}`
}

export function shareWithFamily(_content: ShareContent, _text: string): void {
  // Never called on weapp: the native share button (openType share) sends the card.
}
