/** The claims capability's user-facing refusals, one place for every file of it. */

export const CLAIM_MESSAGES = {
  notFound: '没有找到这个补贴申请',
  certificateNotFound: '没有找到这本证书',
  enrollmentNotFound: '没有找到这条报名记录',
  precheckFailed: '还不能提交：有条件没有满足，请看每一项的说明',
  keyReused: '这个请求编号已用于另一次不同的申请，请刷新后重试',
  conflict: '这个申请的状态刚刚变了，请刷新后再操作',
  realNameNeeded: '请先在“我的资料”里填写真实姓名和身份证号',
  photoMissing: '有照片没有上传成功或已失效，请重新上传',
  supplementEmpty: '请写补正说明或上传照片',
  deadlinePast: '补正期限应晚于今天',
  socialSecurityOnly: '社会保障卡不用填写卡号，补贴会发到与你身份证绑定的社保卡'
}
