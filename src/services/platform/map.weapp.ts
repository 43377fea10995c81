/** Open the place in WeChat's built-in map, from where the worker can start navigation. */
import Taro from '@tarojs/taro'
import { toast } from './ui'

export interface Place {
  lat: number
  lng: number
  name: string
  address: string
}

export function openMap(place: Place): void {
  Taro.openLocation({ latitude: place.lat, longitude: place.lng, name: place.name, address: place.address, scale: 16 }).catch(
    (err: { errMsg?: string }) => {
      if (!/cancel/i.test(String(err?.errMsg ?? ''))) toast('地图打不开，请按地址前往')
    }
  )
}
