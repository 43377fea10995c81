import type { ReactNode } from 'react'

/** What a tappable thing says about itself to a screen reader (H5) — ignored by the weapp build. */
export type TappableRole = 'button' | 'link' | 'checkbox' | 'switch' | 'radio'

export interface TappableProps {
  id?: string
  className?: string
  /** Class while the finger is down (weapp `hover-class`; H5 maps it to :active styling of Taro). */
  hoverClass?: string
  /** Default `button`. `link` for things that open another page. */
  role?: TappableRole
  /** Accessible name when the visible text alone is not enough (an arrow, a bare number). */
  label?: string
  /** checkbox / switch / radio state (aria-checked) */
  checked?: boolean
  /** toggle-button state (aria-pressed), e.g. a selected filter chip */
  pressed?: boolean
  /** Shown but not usable: announced as dimmed, keeps its place in the Tab order, taps do nothing. */
  disabled?: boolean
  /** The one event name of the kit: every tappable thing in the app takes `onTap`. */
  onTap?(): void
  children?: ReactNode
}
