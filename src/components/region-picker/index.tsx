import { useMemo, useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Tappable } from '../ui/tappable'
import { Sheet } from '../ui/sheet'
import type { Region } from '../../contract'
import './index.css'

export interface PickedRegion {
  code: string
  name: string
}

/** A city-level choice: a 地级市, or a 直辖市 whose districts sit directly under it. */
interface CityNode {
  city: Region
  provinceName: string
  districts: Region[]
}

/** Group a flat region list into province → city → districts (pure; exported for tests). */
export function groupRegions(regions: readonly Region[]): { provinceName: string; cities: CityNode[] }[] {
  const byParent = new Map<string, Region[]>()
  for (const r of regions) {
    if (!r.parentCode) continue
    const list = byParent.get(r.parentCode) ?? []
    list.push(r)
    byParent.set(r.parentCode, list)
  }
  const isLeaf = (r: Region) => r.level === 'district' || r.level === 'county'
  return regions
    .filter((r) => r.level === 'province')
    .map((province) => {
      const children = byParent.get(province.code) ?? []
      const cityChildren = children.filter((c) => c.level === 'city')
      const cities: CityNode[] = cityChildren.length
        ? cityChildren.map((city) => ({ city, provinceName: province.name, districts: (byParent.get(city.code) ?? []).filter(isLeaf) }))
        : [{ city: province, provinceName: province.name, districts: children.filter(isLeaf) }]
      return { provinceName: province.name, cities }
    })
    .filter((g) => g.cities.length > 0)
}

export interface RegionPickerProps {
  regions: readonly Region[] | null
  loading: boolean
  error: string | null
  onPick(region: PickedRegion): void
  onClose(): void
  onRetry(): void
}

/** Two steps, big rows: choose a city, then a district (or the whole city). */
export function RegionPicker({ regions, loading, error, onPick, onClose, onRetry }: RegionPickerProps) {
  const groups = useMemo(() => groupRegions(regions ?? []), [regions])
  const [city, setCity] = useState<CityNode | null>(null)

  return (
    <Sheet
      className='region-picker'
      title='选择地区'
      bar={{
        closeId: 'region-close',
        heading: city ? city.city.name : '选择城市',
        before: city ? (
          <Tappable className='region-picker__back' id='region-back' label='返回' onTap={() => setCity(null)}>
            <Text>‹ 返回</Text>
          </Tappable>
        ) : (
          <View className='region-picker__back' />
        )
      }}
      onClose={onClose}
    >
      {loading && <Text className='region-picker__note'>正在加载地区…</Text>}
      {error && (
        <View className='region-picker__note'>
          <Text>{error}</Text>
          <Tappable className='region-picker__retry' onTap={onRetry}>
            <Text>重试</Text>
          </Tappable>
        </View>
      )}
      {!city &&
        groups.map((g) => (
          <View key={g.provinceName}>
            <Text className='region-picker__group'>{g.provinceName}</Text>
            {g.cities.map((c) => (
              <Tappable key={c.city.code} className='region-picker__row' hoverClass='region-picker__row--pressed' onTap={() => setCity(c)}>
                <Text>{c.city.name}</Text>
                <Text className='region-picker__arrow' aria-hidden>›</Text>
              </Tappable>
            ))}
          </View>
        ))}
      {city && (
        <View>
          <Tappable
            className='region-picker__row region-picker__row--all'
            hoverClass='region-picker__row--pressed'
            onTap={() => onPick({ code: city.city.code, name: city.city.name })}
          >
            <Text>全{city.city.name}</Text>
          </Tappable>
          {city.districts.map((d) => (
            <Tappable
              key={d.code}
              className='region-picker__row'
              hoverClass='region-picker__row--pressed'
              onTap={() => onPick({ code: d.code, name: `${city.city.name}${d.name}` })}
            >
              <Text>{d.name}</Text>
            </Tappable>
          ))}
        </View>
      )}
    </Sheet>
  )
}
