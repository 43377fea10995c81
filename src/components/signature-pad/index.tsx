/** The worker's handwritten signature: a canvas the hook draws on through the platform's signature service. */
import { Canvas, View, Text } from '@tarojs/components'
import { Tappable } from '../ui'
import './index.css'

export interface SignaturePadProps {
  canvasId: string
  empty: boolean
  onTouch(kind: 'start' | 'move' | 'end', event: unknown): void
  onClear(): void
}

export function SignaturePad(p: SignaturePadProps) {
  return (
    <View className='sig-pad'>
      <Canvas
        id={p.canvasId}
        canvasId={p.canvasId}
        type='2d'
        className='sig-pad__canvas'
        disableScroll
        onTouchStart={(e) => p.onTouch('start', e)}
        onTouchMove={(e) => p.onTouch('move', e)}
        onTouchEnd={(e) => p.onTouch('end', e)}
      />
      {p.empty && (
        <Text className='sig-pad__hint' aria-hidden='true'>
          请务工人员在这里用手指签名
        </Text>
      )}
      <Tappable className='sig-pad__clear' id='signature-clear' onTap={p.onClear}>
        <Text>重签</Text>
      </Tappable>
    </View>
  )
}
