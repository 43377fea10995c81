import { ComingSoon } from '../../../components/coming-soon'
import { useComingSoon } from '../../use-coming-soon'

const WILL_DO = [
  '在手机上报名培训课程，几步就好',
  '随时看报了哪些课、什么时候上课',
  '不用再跑去窗口填纸质表'
]
const MEANWHILE = [
  '在课程详情里打电话给培训机构报名',
  '到就近的零工市场或就业服务站请工作人员帮你报名',
  '拨打 12333 咨询当地人社部门'
]

export default function SignupPage() {
  return <ComingSoon title='我的报名' willDo={WILL_DO} meanwhile={MEANWHILE} {...useComingSoon()} />
}
