/**
 * Asks WeChat for one "新政策" subscribe message (must run inside the tap handler; at most 3 templates).
 * The template id comes from the server's config (GET /api/v1/config); without it only the inbox is used.
 */
import Taro from '@tarojs/taro'

export async function askNoticeMessages(templateId: string | undefined): Promise<void> {
  if (!templateId) return
  await Taro.requestSubscribeMessage({ tmplIds: [templateId] } as never).catch(() => undefined)
}
