import { Tappable } from '../../components/ui/tappable'
import { PageShell } from '../../components/page-shell'
/** Presentational pieces of the certificate pages: props in, events out, no Taro API calls. */
import type { ReactNode } from 'react'
import { View, Text, Image } from '@tarojs/components'
import type { Certificate } from '../../contract'
import { formatIssuedOn, kindLabel, levelLabel, verificationLabel } from '../../domain/certificate'
import './certificates.css'

/** Every certificate page: inside the 关怀模式 shell (text scales with --ts, touch targets follow --tap). */
export function Page(props: { children: ReactNode }) {
  return (
    <PageShell>
      <View className='cert-page'>{props.children}</View>
    </PageShell>
  )
}

export function Button(props: { id: string; text: string; kind?: 'primary' | 'secondary' | 'link' | 'danger'; disabled?: boolean; onTap(): void }) {
  const kind = props.kind ?? 'primary'
  return (
    <Tappable
      id={props.id}
      className={`cert-btn cert-btn--${kind}${props.disabled ? ' cert-btn--disabled' : ''}`}
      hoverClass='cert-btn--pressed'
      disabled={props.disabled}
      onTap={props.onTap}
    >
      <Text>{props.text}</Text>
    </Tappable>
  )
}

export function Notice(props: { tone: 'info' | 'good' | 'warn' | 'bad'; id?: string; children: ReactNode }) {
  return (
    <View id={props.id} className={`cert-notice cert-notice--${props.tone}`} role={props.tone === 'bad' ? 'alert' : 'status'}>
      {props.children}
    </View>
  )
}

export function Badge(props: { verification: Certificate['verification']; review?: Certificate['review'] }) {
  // a reviewer's 核验通过 is not the registry's 已联网核验
  const label = props.verification === 'verified' && props.review?.outcome === 'verified' ? '人工核验通过' : verificationLabel(props.verification)
  return <Text className={`cert-badge cert-badge--${props.verification}`}>{label}</Text>
}

export function CertificateCard(props: { cert: Certificate; onOpen(id: string): void }) {
  const c = props.cert
  return (
    <View className='cert-card' id={`cert-${c.id}`} role='button' hoverClass='cert-card--pressed' onClick={() => props.onOpen(c.id)}>
      <View className='cert-card__head'>
        <Text className='cert-card__title'>{c.level ? `${c.occupationName} · ${levelLabel(c.level)}` : c.occupationName}</Text>
        <Badge verification={c.verification} review={c.review} />
      </View>
      <Text className='cert-card__line'>{kindLabel(c.kind)}</Text>
      {c.verification === 'rejected' && <Text className='cert-card__line cert-card__line--bad'>核验没有通过，点开看原因</Text>}
      {c.photoChecks.some((x) => x.safety === 'refused') ? (
        <Text className='cert-card__line cert-card__line--bad'>照片没有通过内容安全检测，需要重拍</Text>
      ) : (
        c.photoChecks.some((x) => x.safety === 'pending') && <Text className='cert-card__line'>照片检测中</Text>
      )}
      <Text className='cert-card__line'>{`发证日期：${formatIssuedOn(c.issuedOn)}`}</Text>
    </View>
  )
}

export function KeyValues(props: { rows: [string, string][] }) {
  return (
    <View className='cert-kv'>
      {props.rows.map(([k, v]) => (
        <View className='cert-kv__row' key={k}>
          <Text className='cert-kv__k'>{k}</Text>
          <Text className='cert-kv__v'>{v}</Text>
        </View>
      ))}
    </View>
  )
}

export function Field(props: { label: string; hint?: string; message?: { text: string; tone: 'bad' | 'warn' | 'good' } | null; children: ReactNode }) {
  return (
    <View className='cert-field'>
      <Text className='cert-field__label'>{props.label}</Text>
      {props.hint && <Text className='cert-field__hint'>{props.hint}</Text>}
      {props.children}
      {props.message && (
        <View className={`cert-field__msg cert-field__msg--${props.message.tone}`} role={props.message.tone === 'bad' ? 'alert' : undefined}>
          <Text>{props.message.text}</Text>
        </View>
      )}
    </View>
  )
}

export function Chips<C extends string>(props: { name: string; options: readonly { code: C; label: string }[]; value: C | null; onPick(code: C): void }) {
  return (
    <View className='cert-chips' role='radiogroup'>
      {props.options.map((o) => (
        <View
          key={o.code}
          id={`${props.name}-${o.code}`}
          className={`cert-chip${props.value === o.code ? ' cert-chip--on' : ''}`}
          role='radio'
          aria-checked={props.value === o.code ? 'true' : 'false'}
          onClick={() => props.onPick(o.code)}
        >
          <Text>{o.label}</Text>
        </View>
      ))}
    </View>
  )
}

export type PhotoSlot =
  | { key: string; state: 'uploading'; preview: string; percent: number }
  | { key: string; state: 'failed'; preview: string; message: string }
  | { key: string; state: 'done'; id: string; preview: string | null }

export function PhotoSlots(props: {
  slots: PhotoSlot[]
  max: number
  onPick(source: 'camera' | 'album'): void
  onCancel(key: string): void
  onRetry(key: string): void
  onRemove(key: string): void
}) {
  return (
    <View className='cert-photos'>
      {props.slots.map((s, i) => (
        <View className='cert-photo' key={s.key} id={`photo-${i}`}>
          {/* decorative preview: the slot's text says which photo it is and its state */}
          <View aria-hidden='true'>
            {s.preview ? <Image className='cert-photo__img' src={s.preview} mode='aspectFill' /> : <View className='cert-photo__img cert-photo__img--saved' />}
          </View>
          <View className='cert-photo__side'>
            <Text className='cert-photo__name'>{i === 0 ? '正面' : i === 1 ? '背面' : `第${i + 1}张`}</Text>
            {s.state === 'uploading' && (
              <View>
                <View className='cert-progress' role='progressbar' aria-valuemin={0} aria-valuemax={100} aria-valuenow={s.percent}>
                  <View className='cert-progress__bar' style={{ width: `${s.percent}%` }} />
                </View>
                <Text className='cert-photo__status' id={`photo-${i}-progress`}>正在上传 {s.percent}%</Text>
                <Button id={`photo-${i}-cancel`} kind='link' text='取消上传' onTap={() => props.onCancel(s.key)} />
              </View>
            )}
            {s.state === 'failed' && (
              <View>
                <View className='cert-photo__status cert-photo__status--bad' role='alert'>
                  <Text>{s.message}</Text>
                </View>
                <View className='cert-row'>
                  <Button id={`photo-${i}-retry`} kind='secondary' text='重试' onTap={() => props.onRetry(s.key)} />
                  <Button id={`photo-${i}-remove`} kind='link' text='不要这张' onTap={() => props.onRemove(s.key)} />
                </View>
              </View>
            )}
            {s.state === 'done' && (
              <View>
                <Text className='cert-photo__status cert-photo__status--good' id={`photo-${i}-done`}>已上传</Text>
                <Button id={`photo-${i}-remove`} kind='link' text='删除这张' onTap={() => props.onRemove(s.key)} />
              </View>
            )}
          </View>
        </View>
      ))}
      {props.slots.length < props.max && (
        <View className='cert-row'>
          <Button id='photo-camera' kind='secondary' text='拍照' onTap={() => props.onPick('camera')} />
          <Button id='photo-album' kind='secondary' text='从相册选' onTap={() => props.onPick('album')} />
        </View>
      )}
    </View>
  )
}

export const SCAM_TIP_TITLE = '小心“包过”骗局'
