/** Absolute address of an app page, for QR codes (H5: this site). Printing: the browser's print dialog. */
export function publicUrl(path: string): string {
  return `${window.location.origin}${path}`
}
export const CAN_PRINT = true
export function printPage(): void {
  window.print()
}
