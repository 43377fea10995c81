/** 用户隐私保护指引 — served by GET /api/v1/privacy; consent is recorded against PRIVACY_NOTICE_VERSION. */
import type { PrivacyNotice } from '../../src/contract'
import { PRIVACY_NOTICE_VERSION } from '../../src/domain/profile'
import { erasureSentence, STORED_ITEMS } from '../../src/domain/personal-data'

export const PRIVACY_NOTICE: PrivacyNotice = {
  version: PRIVACY_NOTICE_VERSION,
  title: '技能培训掌上办 用户隐私保护指引',
  sections: [
    {
      heading: '我们收集哪些信息',
      body:
        '只在你报名培训、申请补贴时才请你填写：姓名、身份证号、手机号、户籍类型和所在地区、人员类别（如农村转移劳动力、脱贫劳动力）、就业和社保缴纳情况、想学的工种，以及你的报名记录。只浏览课程不需要登录，也不需要填写任何个人信息。'
    },
    {
      heading: '为什么需要这些信息',
      body:
        '培训机构需要核对报名人的身份；人社部门按人员类别、就业和社保情况确定你能享受哪些培训补贴和生活费补贴，并防止同一工种同一等级重复领取（人社厅发〔2023〕55号）。系统能核对的信息不会再让你上传证明材料。'
    },
    {
      heading: '位置信息',
      body: '查找附近课程时使用的位置只用于这一次查询，不保存、不记录在日志中。你也可以不授权位置，改为手动选择地区。'
    },
    {
      heading: '每项信息的用途',
      // the same table the 我的资料 page and the data export show (src/domain/personal-data.ts)
      body: STORED_ITEMS.map((i) => `${i.label}：${i.purpose}`).join('；') + '。'
    },
    {
      heading: '信息怎样保存、保存多久',
      body:
        '身份证号、手机号和银行卡号加密保存，页面上只显示部分数字（如 1401**********123X），查看完整号码会留下记录。个人资料、证书和照片、收款账户、政策通知订阅保存到你撤回同意或注销账号为止。报名记录和补贴申请记录按培训补贴资金审计要求保存，撤回同意或注销后其中不再有你的姓名、身份证号和卡号。已经公示的补贴名单按公示规定只显示姓氏（如 王*英）。短信验证码（只存校验值）发出 24 小时后删除；登录凭证在过期（登录后 30 天）或退出登录后删除；防止重复提交的请求记录保存 30 天后删除。每一次删除都会留下操作记录（只有匿名编号，没有个人信息）。'
    },
    {
      heading: '谁能看到你的信息',
      body:
        '你本人；你报名的培训机构（只能看到报名这门课需要的信息）；帮你现场报名的就业服务站工作人员（只能看到本站的报名）；审核补贴的人力资源社会保障部门。我们不会把你的信息出售或提供给其他任何人，也不用于广告。'
    },
    {
      heading: '你的权利：查看、更正、下载、撤回、注销',
      body:
        '在“我的”—“我的资料”中可以查看和修改信息（查看完整身份证号会留下记录；改了姓名或身份证号后，要重新确认人员类别，原来联网查到的证书要重新查询），还可以下载一份你的全部数据（JSON 文件）。在“我的”—“隐私设置”中可以撤回同意或注销账号。撤回同意后：' +
        erasureSentence('withdraw') +
        '注销账号后：' +
        erasureSentence('delete') +
        '注销后手机号和微信身份也被删除、登录失效，进行中的报名被取消。'
    }
  ]
}
