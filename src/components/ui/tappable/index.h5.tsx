/**
 * Tappable — THE way to make something tappable (cards, chips, rows, links); for a plain button use
 * <Button> from the kit (src/components/ui), which is built on this.
 *
 *   <Tappable role='link' className='card' onTap={() => onOpen(id)}>…</Tappable>
 *   <Tappable role='checkbox' checked={on} onTap={toggle}>…</Tappable>
 *
 * H5: renders a View with a role (button by default), tabIndex 0, activation on Enter and Space,
 * aria-checked / aria-pressed / aria-disabled, and an aria-label when `label` is given; the focus
 * ring is the `.pressable:focus-visible` rule in src/app.css. weapp (index.weapp.tsx): the same
 * props render a plain View with the tap — no platform checks in pages or components.
 * Give it a visible text child (that is its accessible name) or a `label`. Its height must reach the
 * touch-target bar: use `min-height: var(--tap)` in its CSS (44 px, 48 px in 关怀模式; see app.css).
 */
import { View } from '@tarojs/components'
import type { TappableProps } from './types'

export type { TappableProps, TappableRole } from './types'

const TOGGLES = new Set(['checkbox', 'switch', 'radio'])

export function Tappable(p: TappableProps) {
  const role = p.role ?? 'button'
  const activate = () => {
    if (!p.disabled) p.onTap?.()
  }
  const onKeyDown = (e: { key: string; preventDefault(): void; target: unknown; currentTarget: unknown }) => {
    // only the element itself (not a focused field inside it); Space would otherwise scroll the page
    if (e.target !== e.currentTarget) return
    if (e.key === 'Enter' || (e.key === ' ' && role !== 'link')) {
      e.preventDefault()
      activate()
    }
  }
  const className = p.className ? `pressable ${p.className}` : 'pressable'
  // Taro's ViewProps do not declare roles or key events; the H5 View passes them to the element
  const a11y: Record<string, unknown> = {
    role,
    tabIndex: 0,
    'aria-label': p.label,
    'aria-disabled': p.disabled ? 'true' : undefined,
    'aria-checked': TOGGLES.has(role) ? String(!!p.checked) : undefined,
    'aria-pressed': p.pressed === undefined || TOGGLES.has(role) ? undefined : String(p.pressed),
    onKeyDown
  }
  return (
    <View id={p.id} className={className} hoverClass={p.hoverClass} {...a11y} onClick={activate}>
      {p.children}
    </View>
  )
}
