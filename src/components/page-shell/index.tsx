/**
 * PageShell — wrap every page's content in it (one line in the page's index.tsx):
 *
 *   export default function NoticesPage() {
 *     return <PageShell><NoticesView {...useNotices()} /></PageShell>
 *   }
 *
 * It is the one place 关怀模式 and the phone's text size are applied, so a page that uses it gets
 * them for free, on both builds:
 * - class `page-shell--ts-<100|110|125|135|150>` sets the CSS variable `--ts` (text scale) and
 *   `page-shell--care` sets `--tap` 96px (48 CSS px touch targets; 88px = 44 otherwise), darker
 *   `--muted` / `--line` colours (higher contrast), and one-column layouts (see src/app.css).
 * - In your CSS write sizes through them: `font-size: calc(30px * var(--ts, 1))`,
 *   `min-height: var(--tap)`, secondary text `color: var(--muted)`; add
 *   `.page-shell--care .your-grid { … }` rules where a layout should become one column.
 * - It offers 关怀模式 once (a card on top) to workers whose profile says 60+ or whose phone uses a
 *   large font; the switch itself is <CareSwitch> on 我的.
 * - It holds the privacy sheet (one for every page): when WeChat holds a personal-data API call until the
 *   worker agrees, the page on top shows what that call needs and why (see services/platform/privacy).
 * It reads the settings and privacy-prompt stores (the only component that does): pages stay one line.
 */
import { useCallback, type ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import { shouldOfferCare, textScaleStep, useSettings } from '../../store/settings'
import { usePrivacyPrompt } from '../../store/privacy-prompt'
import {
  AGREE_OPEN_TYPE,
  PRIVACY_PURPOSES,
  openPrivacyContract,
  privacySheetShown,
  settlePrivacyAuthorization
} from '../../services/platform/privacy'
import { Tappable } from '../ui/tappable'
import { ActingBar } from '../acting-bar'
import { useSession } from '../../store/session'
import { PrivacySheet } from '../privacy-sheet'
import './index.css'

export function PageShell({ children }: { children?: ReactNode }) {
  const elderMode = useSettings((s) => s.elderMode)
  const systemFontScale = useSettings((s) => s.systemFontScale)
  const offer = useSettings(shouldOfferCare)
  const step = textScaleStep(elderMode, systemFontScale)
  const actingFor = useSession((s) => s.actingFor)
  return (
    <View className={`page-shell page-shell--ts-${step}${elderMode ? ' page-shell--care' : ''}`}>
      {actingFor && <ActingBar maskedName={actingFor.maskedName} />}
      {offer && (
        <CareOffer
          onAccept={() => useSettings.getState().setElderMode(true)}
          onDecline={() => useSettings.getState().setCareOffered()}
        />
      )}
      {children}
      <PrivacyGate />
    </View>
  )
}

/** The privacy sheet while WeChat holds a call; 同意 lets it proceed, 不同意 ends it (withPrivacy says so). */
function PrivacyGate() {
  const open = usePrivacyPrompt((s) => s.open)
  const purpose = usePrivacyPrompt((s) => s.purpose)
  const answer = useCallback((agreed: boolean) => {
    usePrivacyPrompt.getState().hide()
    settlePrivacyAuthorization(agreed)
  }, [])
  const onAgree = useCallback(() => answer(true), [answer])
  const onDisagree = useCallback(() => answer(false), [answer])
  if (!open) return null
  return (
    <PrivacySheet
      purpose={PRIVACY_PURPOSES[purpose]}
      agreeOpenType={AGREE_OPEN_TYPE}
      onAgree={onAgree}
      onDisagree={onDisagree}
      onOpenContract={openPrivacyContract}
      onShown={privacySheetShown}
    />
  )
}

/** The one-time offer: plain words, two big buttons. */
export function CareOffer({ onAccept, onDecline }: { onAccept(): void; onDecline(): void }) {
  return (
    <View className='care-offer' role='region' aria-label='关怀模式'>
      <Text className='care-offer__title'>字太小看不清？</Text>
      <Text className='care-offer__text'>打开关怀模式：字更大，按钮更大，颜色更清楚。以后可以在“我的”里关掉。</Text>
      <View className='care-offer__actions'>
        <Tappable id='care-offer-accept' className='care-offer__button care-offer__button--primary' onTap={onAccept}>
          <Text>打开大字</Text>
        </Tappable>
        <Tappable id='care-offer-decline' className='care-offer__button' onTap={onDecline}>
          <Text>不用了</Text>
        </Tappable>
      </View>
    </View>
  )
}

/** The 关怀模式 switch (on 我的). */
export function CareSwitch({ on, onChange }: { on: boolean; onChange(on: boolean): void }) {
  return (
    <View className='care-switch-card'>
      <Tappable id='care-switch' role='switch' checked={on} className={on ? 'care-switch care-switch--on' : 'care-switch'} onTap={() => onChange(!on)}>
        <View className='care-switch__text'>
          <Text className='care-switch__title'>关怀模式（大字）</Text>
          <Text className='care-switch__hint'>字更大、按钮更大、颜色更清楚</Text>
        </View>
        <Text className='care-switch__state' aria-hidden>{on ? '已打开' : '已关闭'}</Text>
      </Tappable>
    </View>
  )
}
