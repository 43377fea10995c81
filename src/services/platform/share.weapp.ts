/** Sharing on the mini program: WeChat's own 转发 (menu and <Button openType="share">). */
import { useShareAppMessage } from '@tarojs/taro'

export interface ShareContent {
  title: string
  /** Page path with query, e.g. /pages/course/index?id=crs_1 */
  path: string
}

/** The share button is a native share button on weapp. */
export const SHARE_WITH_BUTTON = true

/** Register what 转发 sends. Page config must set enableShareAppMessage: true. */
export function useSharePage(content: ShareContent | null): void {
  useShareAppMessage(() => (content ? { title: content.title, path: content.path } : {}))
}

export function shareByLink(_content: ShareContent): void {
  // Never called on weapp: the native share button handles it.
}
