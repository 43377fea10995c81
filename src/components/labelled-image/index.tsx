import { View, Image } from '@tarojs/components'

type ImageMode = 'aspectFit' | 'aspectFill' | 'widthFix'

/**
 * An image a screen reader announces by one label: a role=img box carries the words, the picture inside is
 * hidden from it. (Taro's H5 Image is a <div> around an <img>: an aria-label on it is not allowed and the <img>
 * would have no text — axe flags both.)
 */
export function LabelledImage(p: { label: string; src: string; mode: ImageMode; className?: string; id?: string }) {
  return (
    <View role='img' aria-label={p.label}>
      <View aria-hidden='true'>
        <Image id={p.id} className={p.className} src={p.src} mode={p.mode} />
      </View>
    </View>
  )
}
