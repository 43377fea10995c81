import { startTransition, useCallback, useEffect, useRef, useState } from 'react'
import type { CourseQuery } from '../../contract'
import { OCCUPATION_CATEGORIES, occupationByCode, type OccupationCategory } from '../../domain/catalog'
import type { CourseListState } from '../../components/courses-view'
import { filtersToQuery, hasAnyFilter, type CourseFilters } from '../../components/filter-bar/filters'
import { listCourses } from '../../services/api/courses'
import { messageOf } from '../../services/http/errors'
import { getPageParams, go, stopPullDownRefresh, useOnPullDownRefresh, useOnReachBottom } from '../../services/platform'
import { anchorKey, anchorQuery, useWhereControl } from '../shared/use-where-control'
import { widenOffers, type WidenOffer } from '../../domain/search-widen'
import { useStationReferral } from '../shared/use-station-referral'
import { useWindowedList } from '../shared/use-windowed-list'

const PAGE_SIZE = 10
/** a course card at 375 px, before it is measured (关怀模式 cards are taller; measuring corrects it) */
const CARD_PX = 200

const INITIAL: CourseListState = { status: 'waiting', items: [], hasMore: false, loadingMore: false, error: null }

function initialFromParams(): { keyword: string; filters: CourseFilters; pickOccupation: boolean } {
  const params = getPageParams()
  const category = OCCUPATION_CATEGORIES.find((c) => c.code === params.category)?.code
  // a 工种 tile on home opens the list filtered by that occupation
  const occupation = occupationByCode(params.occupation ?? '')?.code
  // a scanned QR link arrives in q (WeChat 普通链接二维码): it is not a keyword
  const q = /^https?:/.test(params.q ?? '') ? '' : (params.q ?? '')
  return {
    keyword: q.slice(0, 40),
    filters: occupation ? { occupation } : category ? { category } : {},
    pickOccupation: params.pick === 'occupation'
  }
}

export function useCourses() {
  const { where, regionPicker, onPickRegion, onUseLocation } = useWhereControl()
  useStationReferral()
  const [initial] = useState(initialFromParams)
  const [keyword, setKeyword] = useState(initial.keyword)
  const [filters, setFilters] = useState<CourseFilters>(initial.filters)
  const [filterPanelOpen, setFilterPanelOpen] = useState(false)
  const [occupationPickerOpen, setOccupationPickerOpen] = useState(initial.pickOccupation)
  const [list, setList] = useState<CourseListState>(INITIAL)
  // widened by a tap on an offer (reset when the place changes)
  const [radiusKm, setRadiusKm] = useState<number | undefined>(undefined)
  const [regionOverride, setRegionOverride] = useState<{ code: string; label: string } | null>(null)
  const cursor = useRef<string | null>(null)
  const seq = useRef(0)
  const busy = useRef(false)

  const baseQuery = useCallback(
    (): CourseQuery => {
      const anchor: CourseQuery = { ...anchorQuery(where) }
      if (where.kind === 'near' && radiusKm) anchor.radiusKm = radiusKm
      if (where.kind === 'region' && regionOverride) anchor.region = regionOverride.code
      return { ...anchor, ...filtersToQuery(filters), q: keyword || undefined, limit: PAGE_SIZE }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [anchorKey(where), filters, keyword, radiusKm, regionOverride]
  )

  /** First page (also used by retry and pull-to-refresh). */
  const reload = useCallback(
    (opts: { keepItems?: boolean } = {}) => {
      if (where.kind === 'locating') {
        setList(INITIAL)
        return Promise.resolve()
      }
      const n = ++seq.current
      busy.current = true
      if (!opts.keepItems) setList({ ...INITIAL, status: 'loading' })
      return listCourses(baseQuery()).then(
        (page) => {
          if (n !== seq.current) return
          cursor.current = page.nextCursor
          busy.current = false
          // A transition lets React render the cards in slices that yield to taps and paints (a slow phone
          // otherwise spends one long task here, right after the first paint).
          startTransition(() =>
            setList({ status: 'ready', items: page.items, hasMore: page.nextCursor !== null, loadingMore: false, error: null })
          )
        },
        (error: unknown) => {
          if (n !== seq.current) return
          busy.current = false
          setList({ status: 'error', items: [], hasMore: false, loadingMore: false, error: messageOf(error) })
        }
      )
    },
    [where.kind, baseQuery]
  )

  useEffect(() => {
    void reload()
  }, [reload])

  // a new anchor (place or region) starts from the default radius and no region override
  const anchor = anchorKey(where)
  useEffect(() => {
    setRadiusKm(undefined)
    setRegionOverride(null)
  }, [anchor])

  const offers =
    list.status === 'ready'
      ? widenOffers({
          anchor: where.kind === 'near' ? 'near' : where.kind === 'region' ? 'region' : 'other',
          radiusKm,
          regionCode: where.kind === 'region' ? (regionOverride?.code ?? where.region.code) : null,
          filters,
          keyword,
          count: list.items.length,
          hasMore: list.hasMore
        })
      : []
  const widened = radiusKm ? `已扩大到${radiusKm}公里内` : regionOverride ? `已${regionOverride.label}` : null
  const onWiden = (o: WidenOffer) => {
    if (o.kind === 'radius') setRadiusKm(o.radiusKm)
    else if (o.kind === 'region') setRegionOverride({ code: o.regionCode, label: o.label })
    else if (o.filter === 'keyword') setKeyword('')
    else setFilters((f) => ({ ...f, [o.filter]: undefined }))
  }

  const loadMore = useCallback(() => {
    if (busy.current || !cursor.current) return
    const n = seq.current
    busy.current = true
    setList((l) => ({ ...l, loadingMore: true, error: null }))
    listCourses({ ...baseQuery(), cursor: cursor.current }).then(
      (page) => {
        if (n !== seq.current) return
        busy.current = false
        cursor.current = page.nextCursor
        setList((l) => ({ ...l, items: [...l.items, ...page.items], hasMore: page.nextCursor !== null, loadingMore: false }))
      },
      (error: unknown) => {
        if (n !== seq.current) return
        busy.current = false
        setList((l) => ({ ...l, loadingMore: false, error: messageOf(error) }))
      }
    )
  }, [baseQuery])

  const listWindow = useWindowedList(list.items.length, {
    chunk: PAGE_SIZE,
    itemPx: CARD_PX,
    resetKey: `${anchorKey(where)}|${JSON.stringify(filters)}|${keyword}`,
    idPrefix: 'courses-chunk'
  })

  useOnReachBottom(loadMore)
  useOnPullDownRefresh(() => {
    void reload({ keepItems: true }).finally(stopPullDownRefresh)
  })

  return {
    keyword,
    filters,
    list,
    listWindow,
    chunk: PAGE_SIZE,
    where,
    filterPanelOpen,
    regionPicker,
    hasFilters: hasAnyFilter(filters),
    widen: { offers, widened, none: list.status === 'ready' && list.items.length === 0, onWiden },
    onPickRegion,
    onUseLocation,
    onSearch: (k: string) => setKeyword(k.slice(0, 40)),
    onCategory: (category: OccupationCategory | undefined) => setFilters((f) => ({ ...f, category, occupation: undefined })),
    occupationPickerOpen,
    onOpenOccupations: () => setOccupationPickerOpen(true),
    onCloseOccupations: () => setOccupationPickerOpen(false),
    onOccupation: (occupation: string | undefined) => {
      // a 工种 is narrower than its category: the chips go back to 全部
      setFilters((f) => ({ ...f, occupation, category: undefined }))
      setOccupationPickerOpen(false)
    },
    onOpenFilters: () => setFilterPanelOpen(true),
    onCloseFilters: () => setFilterPanelOpen(false),
    onApplyFilters: (f: CourseFilters) => {
      setFilters(f)
      setFilterPanelOpen(false)
    },
    onClearFilters: () => {
      setFilters({})
      setKeyword('')
    },
    onRetry: () => void reload(),
    onLoadMore: loadMore,
    onOpenCourse: (id: string) => go('course', { id })
  }
}
