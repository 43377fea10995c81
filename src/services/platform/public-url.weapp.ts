/**
 * Mini program: the QR code carries the H5 address of the page (the API server serves the H5 app); the
 * same URL prefix is registered in the WeChat console as 扫普通链接二维码打开小程序, so WeChat opens the
 * mini program's page with the link in `q`. No printing from the mini program: open the H5 poster on a computer.
 */
import { apiBase } from '../http/base'

export function publicUrl(path: string): string {
  return `${apiBase()}${path}`
}
export const CAN_PRINT = false
export function printPage(): void {
  // not available in the mini program
}
