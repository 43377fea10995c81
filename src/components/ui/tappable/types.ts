import type { ReactNode } from 'react'

/** What a tappable thing says about itself to a screen reader (H5) — ignored by the weapp build. */
export type PressableRole = 'button' | 'link' | 'checkbox' | 'switch' | 'radio'

export interface PressableProps {
  id?: string
  className?: string
  /** Class while the finger is down (weapp `hover-class`; H5 maps it to :active styling of Taro). */
  hoverClass?: string
  /** Default `button`. `link` for things that open another page. */
  role?: PressableRole
  /** Accessible name when the visible text alone is not enough (an arrow, a bare number). */
  label?: string
  /** checkbox / switch / radio state (aria-checked) */
  checked?: boolean
  /** toggle-button state (aria-pressed), e.g. a selected filter chip */
  pressed?: boolean
  /** Shown but not usable: announced as dimmed, keeps its place in the Tab order, taps do nothing. */
  disabled?: boolean
  onPress?(): void
  children?: ReactNode
}
