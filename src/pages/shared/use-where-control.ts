/**
 * Location / region logic shared by home and the course list: uses the position when the worker
 * already allowed it or taps 用我的位置 (never a popup on open), and drives the region picker.
 */
import { useCallback, useEffect, useState } from 'react'
import type { CourseQuery, Region } from '../../contract'
import type { Loadable } from '../../components/async'
import type { PickedRegion, RegionPickerProps } from '../../components/region-picker'
import { messageOf } from '../../services/http/errors'
import { getRegions } from '../../services/api/meta'
import { toast } from '../../services/platform'
import { useLocation, useWhere, type Where } from '../../store/location'
import { useSettings } from '../../store/settings'

/** The part of the course query that anchors it: coarse position, or region code. */
export function anchorQuery(where: Where): Pick<CourseQuery, 'lat' | 'lng' | 'region'> {
  if (where.kind === 'near') return { lat: where.position.lat, lng: where.position.lng }
  if (where.kind === 'region') return { region: where.region.code }
  return {}
}

/** A stable string for effect dependencies. */
export function anchorKey(where: Where): string {
  if (where.kind === 'near') return `near:${where.position.lat},${where.position.lng}`
  if (where.kind === 'region') return `region:${where.region.code}`
  return where.kind
}

export function useWhereControl() {
  const where = useWhere()
  const [pickerOpen, setPickerOpen] = useState(false)
  const [regions, setRegions] = useState<Loadable<Region[]>>({ status: 'idle' })

  useEffect(() => {
    const loc = useLocation.getState()
    if (!useSettings.getState().preferRegion && loc.status === 'idle') void loc.locateIfAllowed()
  }, [])

  const loadRegions = useCallback(() => {
    setRegions({ status: 'loading' })
    getRegions().then(
      (list) => setRegions({ status: 'ready', data: list.items }),
      (error: unknown) => setRegions({ status: 'error', message: messageOf(error) })
    )
  }, [])

  const openPicker = useCallback(() => {
    setPickerOpen(true)
    if (regions.status !== 'ready' && regions.status !== 'loading') loadRegions()
  }, [regions.status, loadRegions])

  const pick = useCallback((region: PickedRegion) => {
    useLocation.getState().chooseRegion(region)
    setPickerOpen(false)
  }, [])

  const locateMe = useCallback(async () => {
    await useLocation.getState().useMyLocation()
    const { status, failure } = useLocation.getState()
    if (status === 'failed') {
      toast(failure === 'denied' ? '没有位置权限，可在设置里打开，或选择地区' : '暂时拿不到位置，请选择地区')
    }
  }, [])

  const regionPicker: RegionPickerProps | null = pickerOpen
    ? {
        regions: regions.status === 'ready' ? regions.data : null,
        loading: regions.status === 'loading',
        error: regions.status === 'error' ? regions.message : null,
        onPick: pick,
        onClose: () => setPickerOpen(false),
        onRetry: loadRegions
      }
    : null

  return { where, regionPicker, onPickRegion: openPicker, onUseLocation: () => void locateMe() }
}
