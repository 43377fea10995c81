import { View, Text } from '@tarojs/components'
import { Tappable } from '../ui/tappable'
import type { CourseSummary } from '../../contract'
import type { OccupationCategory } from '../../domain/catalog'
import type { Where } from '../../store/location'
import { CourseCardList, CourseCardSkeletons } from '../course-card'
import { CategoryChips, FilterButton, FilterPanel } from '../filter-bar'
import { OccupationBar, OccupationSheet } from '../occupation-grid/picker'
import type { CourseFilters } from '../filter-bar/filters'
import { RegionPicker, type RegionPickerProps } from '../region-picker'
import { SearchBar } from '../search-bar'
import { useSecondPass } from '../second-pass'
import { StateView } from '../ui/state-view'
import { WhereBar } from '../where-bar'
import { WidenOffers, type WidenOffersProps } from '../widen-offers'
import type { ListWindow } from '../windowed-list'
import './index.css'

export type ListStatus = 'waiting' | 'loading' | 'ready' | 'error'

export interface CourseListState {
  status: ListStatus
  items: CourseSummary[]
  /** More pages exist */
  hasMore: boolean
  loadingMore: boolean
  /** Error of the first page (status 'error') or of the next page */
  error: string | null
}

export interface CoursesViewProps {
  keyword: string
  filters: CourseFilters
  list: CourseListState
  where: Where
  filterPanelOpen: boolean
  regionPicker: RegionPickerProps | null
  hasFilters: boolean
  today?: string
  onSearch(keyword: string): void
  onCategory(category: OccupationCategory | undefined): void
  onOpenFilters(): void
  onCloseFilters(): void
  onApplyFilters(filters: CourseFilters): void
  onClearFilters(): void
  onRetry(): void
  onLoadMore(): void
  onOpenCourse(id: string): void
  onPickRegion(): void
  onUseLocation(): void
  /** No or few results: ways to widen the search */
  widen?: WidenOffersProps
  /** the 工种 picture sheet */
  occupationPickerOpen?: boolean
  onOpenOccupations?(): void
  onCloseOccupations?(): void
  onOccupation?(occupation: string | undefined): void
  /** rendered part of a long list (absent: every card renders) */
  listWindow?: ListWindow
  /** cards per window chunk (the API page size) */
  chunk?: number
}

export function CoursesView(props: CoursesViewProps) {
  const { list } = props
  // search, 工种 and category chips first; the where-bar and the list (skeletons or cards) a moment later
  const belowBar = useSecondPass()
  return (
    <View className='courses'>
      <SearchBar value={props.keyword} onSearch={props.onSearch} />
      {props.onOpenOccupations && props.onOccupation && (
        <OccupationBar value={props.filters.occupation} onOpen={props.onOpenOccupations} onClear={() => props.onOccupation?.(undefined)} />
      )}
      <View className='courses__filters'>
        <View className='courses__chips'>
          <CategoryChips value={props.filters.category} onChange={props.onCategory} />
        </View>
        <View className='courses__filter-button'>
          <FilterButton filters={props.filters} onOpen={props.onOpenFilters} />
        </View>
      </View>
      {belowBar && (
        <>
          <WhereBar where={props.where} onPickRegion={props.onPickRegion} onUseLocation={props.onUseLocation} />

          {(list.status === 'loading' || list.status === 'waiting') && <CourseCardSkeletons count={4} />}

          {list.status === 'error' && <StateView kind='error' title={list.error ?? '加载没有成功'} actionText='重试' onAction={props.onRetry} />}

          {list.status === 'ready' && list.items.length === 0 && (
            <StateView
              kind='empty'
              title='没有找到合适的课程'
              detail={props.hasFilters || props.keyword ? '换个条件试试，或者清空筛选条件' : '换个地区试试'}
              actionText={props.hasFilters || props.keyword ? '清空筛选' : undefined}
              onAction={props.onClearFilters}
            />
          )}
          {list.status === 'ready' && props.widen && <WidenOffers {...props.widen} />}

          {list.status === 'ready' && list.items.length > 0 && (
            <View className='courses__list'>
              <CourseCardList courses={list.items} chunk={props.chunk} listWindow={props.listWindow} idPrefix='courses-chunk' today={props.today} onOpen={props.onOpenCourse} />
              <View className='courses__foot'>
                {list.loadingMore && <Text>正在加载更多…</Text>}
                {!list.loadingMore && list.error && (
                  <Tappable className='courses__more' id='load-more-retry' onTap={props.onLoadMore}>
                    <Text>{list.error}，点这里重试</Text>
                  </Tappable>
                )}
                {!list.loadingMore && !list.error && list.hasMore && (
                  <Tappable className='courses__more' id='load-more' onTap={props.onLoadMore}>
                    <Text>加载更多</Text>
                  </Tappable>
                )}
                {!list.hasMore && <Text>没有更多了</Text>}
              </View>
            </View>
          )}
        </>
      )}

      {props.occupationPickerOpen && props.onOccupation && (
        <OccupationSheet value={props.filters.occupation} onPick={props.onOccupation} onClose={() => props.onCloseOccupations?.()} />
      )}
      {props.filterPanelOpen && <FilterPanel value={props.filters} onApply={props.onApplyFilters} onClose={props.onCloseFilters} />}
      {props.regionPicker && <RegionPicker {...props.regionPicker} />}
    </View>
  )
}
