import { useCallback, useEffect, useMemo, useState } from 'react'
import type { NoticePage, Region } from '../../contract'
import type { Loadable } from '../../components/async'
import type { TagChoice } from '../../components/notices'
import type { PickedRegion } from '../../components/region-picker'
import { distanceKm } from '../../domain/geo'
import { todayInChina } from '../../domain/format'
import { noticeTagLabel } from '../../domain/notice'
import { getRegions } from '../../services/api/meta'
import { listNotices } from '../../services/api/notices'
import { messageOf } from '../../services/http/errors'
import { getPageParams, go, useOnShow, usePullToRefresh } from '../../services/platform'
import { useLocation } from '../../store/location'
import { useSettings } from '../../store/settings'
import { useSession } from '../../store/session'
import { useSubscribe } from '../shared/use-subscribe'

/** The tags most readers filter by; every tag still shows on the notices themselves. */
const FILTER_TAGS = ['subsidy:training', 'subsidy:living', 'subsidy:evaluation', 'group:rural_migrant', 'group:returnee', 'group:poverty_alleviated', 'group:flexible_migrant']
export const TAG_CHOICES: TagChoice[] = [{ code: null, label: '全部' }, ...FILTER_TAGS.map((code) => ({ code, label: noticeTagLabel(code) }))]

type Feed = { items: NoticePage['items']; nextCursor: string | null; unreadCount: number | null }

/** The nearest district or county to a position (the regions list carries their centres). */
export function nearestRegion(regions: readonly Region[], at: { lat: number; lng: number }): Region | null {
  let best: Region | null = null
  let bestKm = Infinity
  for (const r of regions) {
    if (r.level !== 'district' && r.level !== 'county') continue
    const km = distanceKm(at, r)
    if (km < bestKm) {
      best = r
      bestKm = km
    }
  }
  return best
}

export function useNoticeFeed() {
  const remembered = useSettings((s) => s.region)
  const canPublish = useSession((s) => !!s.me?.roles?.some((r) => r.role === 'admin' || r.role === 'reviewer'))
  const position = useLocation((s) => (s.status === 'located' ? s.position : null))
  const [picked, setPicked] = useState<PickedRegion | null>(() => {
    const code = getPageParams().region
    return code ? { code, name: '' } : null
  })
  const [nearby, setNearby] = useState<PickedRegion | null>(null)
  const [regions, setRegions] = useState<Loadable<Region[]>>({ status: 'idle' })
  const [pickerOpen, setPickerOpen] = useState(false)
  const [tag, setTag] = useState<string | null>(null)
  const [feed, setFeed] = useState<Loadable<Feed>>({ status: 'loading' })
  const [loadingMore, setLoadingMore] = useState(false)
  const [resolved, setResolved] = useState<{ code: string; name: string } | null>(null)

  const loadRegions = useCallback(() => {
    setRegions({ status: 'loading' })
    return getRegions().then(
      (list) => {
        setRegions({ status: 'ready', data: list.items })
        return list.items
      },
      (error: unknown) => {
        setRegions({ status: 'error', message: messageOf(error) })
        return null
      }
    )
  }, [])

  // current location first (when the phone already knows it): the nearest county's notices
  useEffect(() => {
    if (!position || picked) return
    void loadRegions().then((list) => {
      const r = list && nearestRegion(list, position)
      if (r) setNearby({ code: r.code, name: r.name })
    })
  }, [position, picked, loadRegions])

  // picked here > current location > the region chosen on home > (server) the reader's home region
  const region = picked ?? nearby ?? remembered ?? null
  const regionCode = region?.code ?? null

  const load = useCallback(() => {
    setFeed({ status: 'loading' })
    listNotices({ ...(regionCode ? { region: regionCode } : {}), ...(tag ? { tag } : {}) }).then(
      (page) => {
        setFeed({ status: 'ready', data: { items: page.items, nextCursor: page.nextCursor, unreadCount: page.unreadCount } })
        setResolved(page.region)
      },
      (error: unknown) => setFeed({ status: 'error', message: messageOf(error) })
    )
  }, [regionCode, tag])

  useEffect(load, [load])
  // back from a notice: its unread marker goes away
  const [shown, setShown] = useState(0)
  // pull down to refresh the list
  usePullToRefresh(() => load())
  useOnShow(() => setShown((n) => n + 1))
  useEffect(() => {
    if (shown > 1) load()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shown])

  function more() {
    if (feed.status !== 'ready' || !feed.data.nextCursor || loadingMore) return
    setLoadingMore(true)
    listNotices({ ...(regionCode ? { region: regionCode } : {}), ...(tag ? { tag } : {}), cursor: feed.data.nextCursor }).then(
      (page) => {
        setFeed({ status: 'ready', data: { items: [...feed.data.items, ...page.items], nextCursor: page.nextCursor, unreadCount: page.unreadCount } })
        setLoadingMore(false)
      },
      () => setLoadingMore(false)
    )
  }

  const { subscribe, onSubscribe } = useSubscribe(() => regionCode ?? resolved?.code ?? null)
  const regionName = (region?.name || resolved?.name) ?? '全部地区'

  return {
    regionName,
    feed,
    loadingMore,
    tags: TAG_CHOICES,
    tag,
    subscribe,
    today: useMemo(() => todayInChina(), []),
    regionPicker: pickerOpen
      ? {
          regions: regions.status === 'ready' ? regions.data : null,
          loading: regions.status === 'loading',
          error: regions.status === 'error' ? regions.message : null,
          onPick: (r: PickedRegion) => {
            setPicked(r)
            setPickerOpen(false)
          },
          onClose: () => setPickerOpen(false),
          onRetry: () => void loadRegions()
        }
      : null,
    onPickRegion: () => {
      setPickerOpen(true)
      if (regions.status !== 'ready') void loadRegions()
    },
    canPublish,
    onPublish: () => go('noticeEditor'),
    onTag: setTag,
    onOpen: (id: string) => go('noticeDetail', { id }),
    onMore: more,
    onRetry: load,
    onSubscribe
  }
}
