/**
 * Mini program: WeChat keeps a subpackage once downloaded, and staff sign in on 工作台 inside the staff
 * subpackage, so its pages are on the phone from then on; nothing is done here.
 */
export type OfflineRole = 'staff'

export async function keepPagesOffline(_role: OfflineRole): Promise<boolean> {
  return true
}

export async function dropPagesOffline(_role: OfflineRole): Promise<void> {}

export async function canOpenPage(_path: string): Promise<boolean> {
  return true
}
