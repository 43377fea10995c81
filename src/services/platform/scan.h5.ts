/** H5 has no scanner we can rely on (WeChat's in-browser JS-SDK needs a signed page): the worker types the code. */
export const CAN_SCAN = false

export type ScanResult = { ok: true; text: string } | { ok: false; cancelled: boolean }

export async function scanQrCode(): Promise<ScanResult> {
  return { ok: false, cancelled: false }
}
