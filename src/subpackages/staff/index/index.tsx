import { ComingSoon } from '../../../components/coming-soon'
import { useComingSoon } from '../../use-coming-soon'

const WILL_DO = [
  '在零工市场现场帮务工人员报名',
  '网络不好也能先登记，联网后自动提交',
  '查看当天的报名名单'
]
const MEANWHILE = [
  '用纸质登记表先记下报名信息',
  '拨打 12333 咨询业务问题'
]

export default function StaffPage() {
  return <ComingSoon title='工作人员' willDo={WILL_DO} meanwhile={MEANWHILE} {...useComingSoon()} />
}
