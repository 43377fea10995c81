/**
 * Asks WeChat for one "新政策" subscribe message (must run inside the tap handler; at most 3 templates).
 * The template id comes from the build (TARO_APP_NOTICE_TEMPLATE_ID); without it only the inbox is used.
 */
import Taro from '@tarojs/taro'

// replaced by the build when set; when it is not, `process` does not exist in the mini program
let TEMPLATE_ID = ''
try {
  TEMPLATE_ID = process.env.TARO_APP_NOTICE_TEMPLATE_ID ?? ''
} catch {
  TEMPLATE_ID = ''
}

export async function askNoticeMessages(): Promise<void> {
  if (!TEMPLATE_ID) return
  await Taro.requestSubscribeMessage({ tmplIds: [TEMPLATE_ID] } as never).catch(() => undefined)
}
