import { useEffect } from 'react'
import { View, Text, Button } from '@tarojs/components'
import type { PrivacyPurposeText } from '../../domain/privacy-purpose'
import { Sheet } from '../ui'
import './index.css'

export interface PrivacySheetProps {
  /** what the held call needs and why (PRIVACY_PURPOSES) */
  purpose: PrivacyPurposeText
  /** weapp: 'agreePrivacyAuthorization' so the tap itself records the agreement with WeChat */
  agreeOpenType: string
  onAgree(): void
  onDisagree(): void
  /** Opens the official 用户隐私保护指引 (wx.openPrivacyContract) */
  onOpenContract(): void
  /** Called once the sheet has rendered: only then may WeChat hear that a popup shows */
  onShown(): void
}

/**
 * Shown when WeChat needs the privacy agreement before a personal-data API (a photo, the album, the
 * calendar, the clipboard, the position): what this call needs and why, the official guide one tap
 * away, and WeChat's agree button.
 */
export function PrivacySheet(p: PrivacySheetProps) {
  const { onShown } = p
  useEffect(() => onShown(), [onShown])
  return (
    // the kit's sheet without onClose: the dimmed page does not dismiss it, WeChat is waiting for an answer
    <Sheet id='privacy-sheet' title={p.purpose.title}>
      <Text className='privacy-sheet__text'>{p.purpose.text}</Text>
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
    </Sheet>
  )
}
