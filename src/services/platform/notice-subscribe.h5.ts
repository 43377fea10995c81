/** H5 has no WeChat subscribe messages: new notices reach the inbox (消息) only. */
export async function askNoticeMessages(_templateId: string | undefined): Promise<void> {}
