/**
 * The UI kit: the only building blocks pages and views use for what a person taps, types into, or waits on.
 * Presentational (props in, events out, no Taro API, no services); every tap handler is named `onTap`;
 * every size reads the PageShell variables (--ts text scale, --tap touch target, --muted), so 关怀模式
 * applies to all of it. Views import from here: `import { Button, Field } from '../ui'`.
 */
export { Tappable, type TappableProps, type TappableRole } from './tappable'
export { Button, type ButtonKind, type ButtonProps } from './button'
export { Choice, type ChoiceProps } from './choice'
export { Field, TextBox, type FieldProps, type FieldType, type TextBoxProps } from './field'
export { ListRow, type ListRowProps } from './list-row'
export { Sheet, type SheetProps } from './sheet'
export { BottomBar } from './bar'
export { EmptyState, ErrorState, LoadingState, StateView, type StateProps, type StateViewProps } from './state-view'
export { FormError } from '../form-error'
