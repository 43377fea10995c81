import { View, Text } from '@tarojs/components'
import type { PolicySource, SubsidyOffer } from '../../contract'
import { formatYuan } from '../../domain/format'
import './index.css'

export const GUIDE_NOTE = '参考标准，以当地人社部门公布为准'

/** "依据：人社厅发〔2023〕55号 第九条" */
export function sourceText(source: PolicySource): string {
  return `依据：${source.document}${source.clause ? ` ${source.clause}` : ''}`
}

export function amountText(offer: Pick<SubsidyOffer, 'maxYuan'>): string {
  return offer.maxYuan === null ? '暂无金额' : `最高${formatYuan(offer.maxYuan)}`
}

export function SubsidyList({ offers }: { offers: readonly SubsidyOffer[] }) {
  if (offers.length === 0) {
    return <Text className='subsidy-list__none'>这门课暂时没有可申请的补贴</Text>
  }
  return (
    <View className='subsidy-list'>
      {offers.map((o) => (
        <View key={`${o.kind}-${o.name}`} className='subsidy-item'>
          <View className='subsidy-item__head'>
            <Text className='subsidy-item__name'>{o.name}</Text>
            <Text className='subsidy-item__amount'>{amountText(o)}</Text>
          </View>
          <Text className='subsidy-item__who'>{o.forWhom}</Text>
          {o.maxYuan === null && o.amountNote && <Text className='subsidy-item__who subsidy-item__note'>{o.amountNote}</Text>}
          <Text className='subsidy-item__source'>{sourceText(o.source)}</Text>
          {o.source.guide && <Text className='subsidy-item__guide'>{GUIDE_NOTE}</Text>}
        </View>
      ))}
    </View>
  )
}
