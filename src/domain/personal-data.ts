/**
 * What the service stores about a worker, why, and for how long — one table read by the privacy notice
 * (server/accounts/privacy.ts), the 我的资料 page and the data export, so the three always agree.
 */

export type ErasureReason = 'withdraw' | 'delete'

export interface StoredItem {
  /** key in the data export (GET /api/v1/me/data-export) */
  key: string
  label: string
  /** why we keep it, in plain words */
  purpose: string
  /** what happens on 撤回同意 and on 注销账号 */
  onWithdraw: string
  onDelete: string
}

export const STORED_ITEMS: readonly StoredItem[] = [
  {
    key: 'profile.realName',
    label: '真实姓名',
    purpose: '培训机构核对报名人；补贴收款人必须是本人',
    onWithdraw: '删除',
    onDelete: '删除'
  },
  {
    key: 'profile.idNumber',
    label: '身份证号（加密保存）',
    purpose: '核对身份、联网查询证书，防止同一工种同一等级重复领补贴；出生日期和性别从号码中得出，不另外询问',
    onWithdraw: '删除',
    onDelete: '删除'
  },
  {
    key: 'profile.phone',
    label: '手机号（加密保存）',
    purpose: '登录、报名成功和审核进度的短信通知',
    onWithdraw: '资料里的号码删除；登录用的号码保留到注销',
    onDelete: '删除'
  },
  {
    key: 'profile.hukouType',
    label: '户籍类型、户籍地和工作地',
    purpose: '判断你属于哪类人员、由哪里的人社部门办理',
    onWithdraw: '删除',
    onDelete: '删除'
  },
  {
    key: 'profile.groups',
    label: '人员类别、就业和社保情况',
    purpose: '确定你能享受哪些培训补贴和生活费补贴（人社厅发〔2023〕55号）',
    onWithdraw: '删除',
    onDelete: '删除'
  },
  {
    key: 'profile.wantedOccupations',
    label: '想学的工种',
    purpose: '给你推荐附近的课程',
    onWithdraw: '删除',
    onDelete: '删除'
  },
  {
    key: 'enrollments',
    label: '报名记录（线上课程含培训机构录入的学习学时）',
    purpose: '培训机构安排上课、核对学时办理结业；培训补贴的资金审计',
    onWithdraw: '保留（补贴资金审计需要）',
    onDelete: '进行中的报名取消；记录匿名保留（补贴资金审计需要）'
  },
  {
    key: 'attendance',
    label: '签到记录（哪节课、签到时间、离上课地点多远，不存你的位置）',
    purpose: '培训机构核对出勤、办理结业；培训补贴的资金审计',
    onWithdraw: '保留（结业和补贴资金审计需要）',
    onDelete: '删除离上课地点的距离；签到记录匿名保留（补贴资金审计需要）'
  },
  {
    key: 'evaluations',
    label: '职业技能等级认定的报名和成绩',
    purpose: '评价机构在考场核对考生（只看到打码的姓名、证件号和手机号）、录入成绩；通过后把证书登记到证书查询系统',
    onWithdraw: '还没考的报名取消；成绩保留（证书发放和补贴资金审计需要）',
    onDelete: '还没考的报名取消；报名和成绩记录删除（已发的证书仍可在全国联网查询）'
  },
  {
    key: 'certificates',
    label: '证书和证书照片',
    purpose: '申请职业技能评价补贴、技能提升补贴时核对',
    onWithdraw: '删除（照片文件一并删除）',
    onDelete: '删除（照片文件一并删除）'
  },
  {
    key: 'claims',
    label: '补贴申请和办理记录',
    purpose: '审核、公示和拨付补贴；资金审计',
    onWithdraw: '审核中的申请自动撤回；记录保留（补贴资金审计需要），补正说明和照片删除',
    onDelete: '审核中的申请自动撤回；记录保留（补贴资金审计需要），补正说明和照片删除'
  },
  {
    key: 'payoutAccount',
    label: '收款账户（银行卡号加密保存）',
    purpose: '把补贴打到你本人的账户',
    onWithdraw: '删除（申请记录里的卡号也删除）',
    onDelete: '删除（申请记录里的卡号也删除）'
  },
  {
    key: 'subscriptions',
    label: '政策通知订阅',
    purpose: '有新政策时提醒你',
    onWithdraw: '删除',
    onDelete: '删除'
  },
  {
    key: 'inbox',
    label: '站内消息',
    purpose: '告诉你报名和补贴办到哪一步了',
    onWithdraw: '保留',
    onDelete: '删除'
  },
  {
    key: 'stationSignups',
    label: '就业服务站现场报名记录（姓名，加密的身份证号和手机号，同意方式）',
    purpose: '服务站核对现场报名、证明你当场同意过',
    onWithdraw: '保留（服务站要能证明你当场同意过，也用于对账和补贴资金审计）',
    onDelete: '删除姓名、身份证号、手机号和签名图片，只保留匿名的记录（哪个服务站、哪门课、哪天、结果）用于对账'
  },
  {
    key: 'consents',
    label: '同意和撤回同意的记录',
    purpose: '证明你同意过哪一版隐私保护指引',
    onWithdraw: '保留（记下撤回时间）',
    onDelete: '保留（只剩匿名编号）'
  }
]

/** One plain sentence per item for the privacy notice: what happens on withdraw / delete. */
export function erasureSentence(reason: ErasureReason): string {
  return STORED_ITEMS.map((i) => `${i.label}：${reason === 'withdraw' ? i.onWithdraw : i.onDelete}`).join('；') + '。'
}

/** The short version for the confirm dialogs (the full list is in the notice and on 隐私设置). */
export const ERASURE_SUMMARY: Record<ErasureReason, string> = {
  withdraw: '撤回后会退出登录，并删除你的个人资料、证书和照片、收款账户、政策通知订阅；审核中的补贴申请会撤回；报名记录保留。',
  delete: '注销后无法恢复：账号、手机号、微信身份、个人资料、证书和照片、收款账户、通知订阅和站内消息都会删除；进行中的报名取消，审核中的补贴申请撤回。'
}
