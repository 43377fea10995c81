/** Policy notices: the feed, the detail (summary on top, 听一听, share), and the share poster. Presentational. */
import { View, Text, Button, Canvas } from '@tarojs/components'
import { LabelledImage } from '../labelled-image'
import type { NoticeDetail, NoticeSummary } from '../../contract'
import { noticeTagLabel } from '../../domain/notice'
import { formatDate } from '../../domain/format'
import type { ReadAloudState } from '../../domain/read-aloud'
import type { Loadable } from '../async'
import { Tappable } from '../ui/tappable'
import { RegionPicker, type RegionPickerProps } from '../region-picker'
import { StateView } from '../ui/state-view'
import { ListenBar } from '../listen-bar'
import './index.css'

export type SubscribeState = 'idle' | 'busy' | 'done'

function SubscribeButton({ state, onSubscribe }: { state: SubscribeState; onSubscribe(): void }) {
  return (
    <Tappable id='notice-subscribe' className={`notice-subscribe${state === 'done' ? ' notice-subscribe--done' : ''}`} disabled={state === 'busy'} onTap={onSubscribe}>
      <Text>{state === 'done' ? '已订阅，有新政策会通知你' : state === 'busy' ? '正在订阅…' : '有新政策时通知我'}</Text>
    </Tappable>
  )
}

// ---- feed ---------------------------------------------------------------------------------------------------

export interface TagChoice {
  code: string | null
  label: string
}

export interface NoticeFeedViewProps {
  regionName: string
  feed: Loadable<{ items: NoticeSummary[]; nextCursor: string | null; unreadCount: number | null }>
  loadingMore: boolean
  tags: readonly TagChoice[]
  tag: string | null
  subscribe: SubscribeState
  regionPicker: RegionPickerProps | null
  today: string
  /** an admin or reviewer: a way into the editor */
  canPublish: boolean
  onPublish(): void
  onPickRegion(): void
  onTag(code: string | null): void
  onOpen(id: string): void
  onMore(): void
  onRetry(): void
  onSubscribe(): void
}

export function NoticeCard({ n, today, onOpen }: { n: NoticeSummary; today: string; onOpen(id: string): void }) {
  return (
    <Tappable role='link' id={`notice-${n.id}`} className={`notice-card${n.unread ? ' notice-card--unread' : ''}`} hoverClass='notice-card--pressed' onTap={() => onOpen(n.id)}>
      <View className='notice-card__head'>
        {n.unread && <Text className='notice-card__unread'>未读</Text>}
        {n.expired && <Text className='notice-card__expired'>已过期</Text>}
        <Text className='notice-card__title'>{n.title}</Text>
      </View>
      <Text className='notice-card__summary'>{n.summary}</Text>
      <Text className='notice-card__meta'>
        {n.issuer} · {formatDate(n.publishedAt, today)} · {n.regionLabel}
      </Text>
    </Tappable>
  )
}

export function NoticeFeedView(p: NoticeFeedViewProps) {
  const { feed } = p
  return (
    <View className='notices'>
      <View className='notices__where'>
        <View className='notices__where-text'>
          <Text className='notices__where-label'>适用地区</Text>
          <Text className='notices__where-name'>{p.regionName}</Text>
        </View>
        <Tappable id='notices-region' className='notices__where-change' onTap={p.onPickRegion}>
          <Text>换地区</Text>
        </Tappable>
      </View>
      <SubscribeButton state={p.subscribe} onSubscribe={p.onSubscribe} />
      <View className='notices__tags' role='group' aria-label='按标签筛选'>
        {p.tags.map((t) => (
          <Tappable key={t.code ?? 'all'} id={`tag-${t.code ?? 'all'}`} pressed={p.tag === t.code} className={`notices__tag${p.tag === t.code ? ' notices__tag--on' : ''}`} onTap={() => p.onTag(t.code)}>
            <Text>{t.label}</Text>
          </Tappable>
        ))}
      </View>
      {feed.status === 'ready' && feed.data.unreadCount !== null && feed.data.unreadCount > 0 && (
        <Text className='notices__unread-count'>有 {feed.data.unreadCount} 条没看过的通知</Text>
      )}
      {(feed.status === 'loading' || feed.status === 'idle') && <Text className='notices__note'>正在加载通知…</Text>}
      {feed.status === 'error' && <StateView kind='error' title={feed.message} actionText='重试' onAction={p.onRetry} />}
      {feed.status === 'ready' && feed.data.items.length === 0 && (
        <StateView kind='empty' title='这里暂时没有符合条件的通知' detail='换个地区或标签看看，或点上面的按钮订阅，有新政策会通知你' />
      )}
      {feed.status === 'ready' && feed.data.items.length > 0 && (
        <View className='notices__list'>
          {feed.data.items.map((n) => (
            <NoticeCard key={n.id} n={n} today={p.today} onOpen={p.onOpen} />
          ))}
          {feed.data.nextCursor && (
            <Tappable id='notices-more' className='notices__more' disabled={p.loadingMore} onTap={p.onMore}>
              <Text>{p.loadingMore ? '正在加载…' : '加载更多'}</Text>
            </Tappable>
          )}
        </View>
      )}
      {p.canPublish && (
        <Tappable id='notices-manage' role='link' className='notices__more' onTap={p.onPublish}>
          <Text>发布和管理通知（工作人员）</Text>
        </Tappable>
      )}
      {p.regionPicker && <RegionPicker {...p.regionPicker} />}
    </View>
  )
}

// ---- detail -------------------------------------------------------------------------------------------------

export { ListenBar }

export interface NoticeDetailViewProps {
  notice: Loadable<NoticeDetail>
  listen: ReadAloudState
  subscribe: SubscribeState
  shareWithButton: boolean
  today: string
  onPlay(): void
  onPause(): void
  onSubscribe(): void
  onShare(): void
  onPoster(): void
  onOpenCourse(id: string): void
  onRetry(): void
  onAll(): void
}

function Meta({ label, value }: { label: string; value: string }) {
  return (
    <View className='notice__meta-row'>
      <Text className='notice__meta-label'>{label}</Text>
      <Text className='notice__meta-value'>{value}</Text>
    </View>
  )
}

export function NoticeDetailView(p: NoticeDetailViewProps) {
  const { notice } = p
  if (notice.status === 'loading' || notice.status === 'idle') return <Text className='notices__note'>正在加载通知…</Text>
  if (notice.status === 'error') {
    return (
      <View className='notice'>
        <StateView kind='error' title={notice.message} actionText={notice.notFound ? '看全部通知' : '重试'} onAction={notice.notFound ? p.onAll : p.onRetry} />
      </View>
    )
  }
  const n = notice.data
  const withdrawn = n.status === 'withdrawn'
  return (
    <View className='notice'>
      {withdrawn && (
        <View className='notice__withdrawn' role='alert'>
          <Text className='notice__withdrawn-title'>这条通知已撤回</Text>
          <Text className='notice__withdrawn-text'>原因：{n.withdrawReason}。请以发布单位的新通知为准。</Text>
        </View>
      )}
      <View className='notice__head'>
        <View role='heading' aria-level={1}>
          <Text className='notice__title'>{n.title}</Text>
        </View>
        <View className='notice__summary'>
          <Text className='notice__summary-label'>说的是什么</Text>
          <Text className='notice__summary-text'>{n.summary}</Text>
        </View>
        {!withdrawn && <ListenBar state={p.listen} onPlay={p.onPlay} onPause={p.onPause} />}
      </View>
      <View className='notice__meta'>
        <Meta label='发布单位' value={n.issuer} />
        {n.docNumber !== '' && <Meta label='文号' value={n.docNumber} />}
        <Meta label='发布日期' value={n.publishedAt} />
        <Meta label='适用地区' value={n.regionLabel} />
        <Meta label='有效期' value={n.validUntil ? `到 ${n.validUntil}${n.expired ? '（已过期）' : ''}` : '长期有效（以发文单位通知为准）'} />
      </View>
      <View className='notice__body'>
        {n.body.split('\n').map((line, i) => (
          <Text key={i} className='notice__para'>
            {line}
          </Text>
        ))}
      </View>
      {n.tags.length > 0 && (
        <View className='notice__tags'>
          {n.tags.map((t) => (
            <Text key={t} className='notice__tag'>
              {noticeTagLabel(t)}
            </Text>
          ))}
        </View>
      )}
      {n.courses.length > 0 && (
        <View className='notice__courses'>
          <Text className='notice__section-title'>相关课程</Text>
          {n.courses.map((c) => (
            <Tappable key={c.id} role='link' id={`notice-course-${c.id}`} className='notice__course' onTap={() => p.onOpenCourse(c.id)}>
              <Text>{c.title} ›</Text>
            </Tappable>
          ))}
        </View>
      )}
      {!withdrawn && (
        <View className='notice__actions'>
          <SubscribeButton state={p.subscribe} onSubscribe={p.onSubscribe} />
          <View className='notice__share-row'>
            {p.shareWithButton ? (
              <Button className='notice__share' id='notice-share' openType='share'>
                转发给家人
              </Button>
            ) : (
              <Tappable id='notice-share' className='notice__share' onTap={p.onShare}>
                <Text>复制链接</Text>
              </Tappable>
            )}
            <Tappable id='notice-poster' className='notice__share notice__share--primary' onTap={p.onPoster}>
              <Text>生成分享海报</Text>
            </Tappable>
          </View>
        </View>
      )}
      <Text className='notice__foot'>{`政策以发布单位原文为准 · ${formatDate(n.publishedAt, p.today)}发布`}</Text>
    </View>
  )
}

// ---- poster -------------------------------------------------------------------------------------------------

export interface NoticePosterViewProps {
  canvasId: string
  needsCanvas: boolean
  width: number
  height: number
  image: Loadable<string>
  saveLabel: string
  /** staff: the station named on the poster (its referral is in the QR link) */
  referral?: string | null
  saving: boolean
  message: string | null
  onSave(): void
  onRetry(): void
}

export function NoticePosterView(p: NoticePosterViewProps) {
  return (
    <View className='poster'>
      {p.needsCanvas && (
        // drawn off-screen at full size; the preview below is the exported image
        <Canvas type='2d' id={p.canvasId} className='poster__canvas' style={`width:${p.width}px;height:${p.height}px`} />
      )}
      {p.image.status === 'ready' ? (
        <LabelledImage className='poster__image' src={p.image.data} mode='widthFix' label='分享海报预览：通知标题、摘要和二维码' />
      ) : p.image.status === 'error' ? (
        <StateView kind='error' title={p.image.message} actionText='重试' onAction={p.onRetry} />
      ) : (
        <Text className='notices__note'>正在生成海报…</Text>
      )}
      {p.referral && <Text className='poster__hint poster__referral'>海报上写着「{p.referral}」，扫码的人会记在本站名下</Text>}
      <Text className='poster__hint'>保存海报后，发到微信群或朋友圈；家人扫码就能看全文，不用登录。</Text>
      {p.message && (
        <View role='status'>
          <Text className='poster__message'>{p.message}</Text>
        </View>
      )}
      <Tappable id='poster-save' className='poster__save' disabled={p.image.status !== 'ready' || p.saving} onTap={p.onSave}>
        <Text>{p.saving ? '正在保存…' : p.saveLabel}</Text>
      </Tappable>
    </View>
  )
}
