import { ComingSoon } from '../../../components/coming-soon'
import { useComingSoon } from '../../use-coming-soon'

const WILL_DO = [
  '收到当地最新的培训和补贴政策',
  '用大字和朗读功能听通知',
  '一键转发给家人和老乡'
]
const MEANWHILE = [
  '关注当地人社部门的公众号',
  '到村委会或社区服务站看公告',
  '拨打 12333 询问最新政策'
]

export default function NoticesPage() {
  return <ComingSoon title='政策通知' willDo={WILL_DO} meanwhile={MEANWHILE} {...useComingSoon()} />
}
