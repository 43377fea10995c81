/** Sharing on the mini program: WeChat's own 转发 (menu and <Button openType="share">). */
import { useShareAppMessage, useShareTimeline } from '@tarojs/taro'

export interface ShareContent {
  title: string
  /** Page path with query, e.g. /pages/course/index?id=crs_1 */
  path: string
}

/** The share button is a native share button on weapp. */
export const SHARE_WITH_BUTTON = true

/**
 * Register what 转发 (to a chat) and 分享到朋友圈 send. Page config must set enableShareAppMessage and
 * enableShareTimeline: true. The timeline opens the page in a single-page view with only the query.
 */
export function useSharePage(content: ShareContent | null): void {
  useShareAppMessage(() => (content ? { title: content.title, path: content.path } : {}))
  useShareTimeline(() => (content ? { title: content.title, query: content.path.split('?')[1] ?? '' } : {}))
}

export function shareByLink(_content: ShareContent): void {
  // Never called on weapp: the native share button handles it.
}
