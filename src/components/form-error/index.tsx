/**
 * FormError — a form's error message that can take focus. After a failed submit the page hook calls
 * `useFocusFirstError` (src/pages/shared), which scrolls the first `.form-error` on screen into view
 * and focuses it (H5), so the worker at the button at the bottom sees what to fix and a screen
 * reader reads it (role alert). Keep the message next to its field.
 */
import { View, Text } from '@tarojs/components'

export const FORM_ERROR_CLASS = 'form-error'

export function FormError({ id, text, className }: { id?: string; text: string; className?: string }) {
  // Taro's ViewProps do not declare role / tabIndex; the H5 View passes them to the element, weapp ignores them
  const a11y: Record<string, unknown> = { role: 'alert', tabIndex: -1 }
  return (
    <View id={id} className={`${FORM_ERROR_CLASS} ${className ?? 'su-error'}`} {...a11y}>
      <Text>{text}</Text>
    </View>
  )
}
