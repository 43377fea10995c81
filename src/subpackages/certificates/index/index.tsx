import { ComingSoon } from '../../../components/coming-soon'
import { useComingSoon } from '../../use-coming-soon'

const WILL_DO = [
  '拍照保存职业技能证书',
  '查询证书是不是能在系统里查到',
  '申请补贴时不用再交复印件'
]
const MEANWHILE = [
  '把证书原件收好，拍一张清楚的照片留底',
  '到“技能人才评价证书全国联网查询”核对证书',
  '拨打 12333 咨询证书和补贴问题'
]

export default function CertificatesPage() {
  return <ComingSoon title='我的证书' willDo={WILL_DO} meanwhile={MEANWHILE} {...useComingSoon()} />
}
