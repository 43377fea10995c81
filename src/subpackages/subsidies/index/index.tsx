import { ComingSoon } from '../../../components/coming-soon'
import { useComingSoon } from '../../use-coming-soon'

const WILL_DO = [
  '在手机上申请培训补贴、生活费补贴',
  '看到申请走到哪一步、还要做什么',
  '补贴发放后第一时间收到提醒'
]
const MEANWHILE = [
  '向培训机构或当地人社部门问清楚补贴怎么申请',
  '准备好身份证、银行卡、证书和培训记录',
  '拨打 12333 查询补贴办理情况'
]

export default function SubsidiesPage() {
  return <ComingSoon title='补贴进度' willDo={WILL_DO} meanwhile={MEANWHILE} {...useComingSoon()} />
}
