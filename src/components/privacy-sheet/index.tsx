import { View, Text, Button } from '@tarojs/components'
import './index.css'

export interface PrivacySheetProps {
  /** weapp: 'agreePrivacyAuthorization' so the tap itself records the agreement with WeChat */
  agreeOpenType: string
  onAgree(): void
  onDisagree(): void
  /** Opens the official 用户隐私保护指引 (wx.openPrivacyContract) */
  onOpenContract(): void
}

/**
 * Shown when WeChat needs the privacy agreement before a personal-data API (the worker tapped
 * 用我的位置): our own words, the official guide one tap away, and WeChat's agree button.
 */
export function PrivacySheet(p: PrivacySheetProps) {
  return (
    <View className='privacy-sheet' id='privacy-sheet'>
      <View className='privacy-sheet__panel' role='dialog' aria-label='隐私保护提示'>
        <Text className='privacy-sheet__title'>用位置找附近的课程</Text>
        <Text className='privacy-sheet__text'>
          要用你的位置，需要你先同意《用户隐私保护指引》。位置只用于这次查找附近的课程，不会保存。
        </Text>
        <View className='privacy-sheet__link' id='privacy-contract' role='link' onClick={p.onOpenContract}>
          <Text>查看《用户隐私保护指引》</Text>
        </View>
        <View className='privacy-sheet__actions'>
          <View className='privacy-sheet__button' id='privacy-disagree' role='button' onClick={p.onDisagree}>
            <Text>不同意</Text>
          </View>
          {p.agreeOpenType ? (
            <Button
              className='privacy-sheet__button privacy-sheet__button--primary'
              id='privacy-agree'
              openType={p.agreeOpenType as never}
              onAgreePrivacyAuthorization={p.onAgree}
            >
              同意并继续
            </Button>
          ) : (
            <View className='privacy-sheet__button privacy-sheet__button--primary' id='privacy-agree' role='button' onClick={p.onAgree}>
              <Text>同意并继续</Text>
            </View>
          )}
        </View>
      </View>
    </View>
  )
}
