import { View, Text } from '@tarojs/components'
import { Tappable } from '../ui/tappable'
import type { CourseSummary } from '../../contract'
import type { Where } from '../../store/location'
import type { Loadable } from '../async'
import { CourseCard, CourseCardSkeletons } from '../course-card'
import { EntryGrid, type Entry } from '../entry-grid'
import { OccupationGrid } from '../occupation-grid'
import { RegionPicker, type RegionPickerProps } from '../region-picker'
import { SearchBar } from '../search-bar'
import { useSecondPass } from '../second-pass'
import { StateView } from '../ui/state-view'
import { WhereBar } from '../where-bar'
import './index.css'

// Only capabilities that work end to end have an entry (an unfinished one is a defect WeChat review rejects).
// Personal pages (我的报名, 证书, 补贴, 资料, 隐私设置) live on the 我的 tab, policies on the 政策 tab.
export const HOME_ENTRIES: readonly Entry[] = [
  { key: 'courses', title: '找课程', hint: '附近有补贴的技能培训' },
  { key: 'verify', title: '证书真伪', hint: '查证书、查机构备案，防骗' }
]
/** Shown only to station staff accounts */
export const STAFF_ENTRY: Entry = { key: 'staff', title: '服务站工作台', hint: '现场帮务工人员报名' }

export interface HomeViewProps {
  where: Where
  nearby: Loadable<CourseSummary[]>
  regionPicker: RegionPickerProps | null
  today?: string
  /** station staff: the 工作台 entry is added */
  isStaff?: boolean
  onSearch(keyword: string): void
  onEntry(key: string): void
  onOpenCourse(id: string): void
  onPickRegion(): void
  onUseLocation(): void
  onRetryNearby(): void
  onSeeAll(): void
  /** a 工种 picture tile: the list filtered by that occupation */
  onOccupation?(code: string): void
  onMoreOccupations?(): void
}

export function HomeView(props: HomeViewProps) {
  const { where, nearby } = props
  const title = where.kind === 'region' ? `${where.region.name}的补贴课程` : '附近的补贴课程'
  // the banner, search and entries fill the first screen; the 工种 tiles and the nearby list follow a moment later
  const belowFold = useSecondPass()
  return (
    <View className='home'>
      <View className='home__banner'>
        <Text className='home__hello'>学技能 · 领补贴 · 好就业</Text>
      </View>
      <SearchBar onSearch={props.onSearch} />
      <EntryGrid entries={props.isStaff ? [...HOME_ENTRIES, STAFF_ENTRY] : HOME_ENTRIES} onOpen={props.onEntry} />
      {belowFold && props.onOccupation && (
        <View className='home__occupations'>
          <View className='home__section-head'>
            <Text className='home__section-title'>按工种找课程</Text>
          </View>
          <OccupationGrid max={7} onPick={props.onOccupation} moreText='更多工种' onMore={props.onMoreOccupations} />
        </View>
      )}
      {belowFold && (
        <>
          <View className='home__section-head'>
            <Text className='home__section-title'>{title}</Text>
          </View>
          <WhereBar where={where} onPickRegion={props.onPickRegion} onUseLocation={props.onUseLocation} />
          {(where.kind === 'locating' || nearby.status === 'loading') && <CourseCardSkeletons count={3} />}
          {where.kind !== 'locating' && nearby.status === 'error' && (
            <StateView kind='error' title={nearby.message} actionText='重试' onAction={props.onRetryNearby} />
          )}
          {where.kind !== 'locating' && nearby.status === 'ready' && nearby.data.length === 0 && (
            <StateView kind='empty' title='这附近暂时没有补贴课程' detail='换个地区试试，或者看看全部课程' actionText='看全部课程' onAction={props.onSeeAll} />
          )}
          {where.kind !== 'locating' && nearby.status === 'ready' && nearby.data.length > 0 && (
            <View className='home__list'>
              {nearby.data.map((c) => (
                <CourseCard key={c.id} course={c} onOpen={props.onOpenCourse} today={props.today} />
              ))}
              <Tappable role='link' className='home__more' id='see-all-courses' hoverClass='home__more--pressed' onTap={props.onSeeAll}>
                <Text>查看更多课程</Text>
              </Tappable>
            </View>
          )}
        </>
      )}
      {props.regionPicker && <RegionPicker {...props.regionPicker} />}
    </View>
  )
}
