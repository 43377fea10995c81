/**
 * Mini program: WeChat keeps a subpackage once downloaded, and app.config's preloadRule downloads the
 * staff subpackage from 我的 (where a staff account finds 工作台), so nothing is done here.
 */
export type OfflineRole = 'staff'

export async function keepPagesOffline(_role: OfflineRole): Promise<boolean> {
  return true
}

export async function dropPagesOffline(_role: OfflineRole): Promise<void> {}

export async function canOpenPage(_path: string): Promise<boolean> {
  return true
}
