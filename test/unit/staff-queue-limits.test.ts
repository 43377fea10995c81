/**
 * The staff queue within WeChat's storage limits: 200 queued sign-ups with signatures (the PNGs saved apart,
 * referenced by path) keep every key under 1 MB and survive a restart; a write the phone refuses (full) throws
 * to the form, leaves the queue as it was in memory and on the phone, and loses nothing already queued.
 */
import { createStaffQueue } from '../../src/store/staff-queue'
import { STORAGE_KEY_BYTES, STORAGE_TOTAL_BYTES } from '../weapp/host'

/** WeChat-like storage: 1 MB per key, 10 MB in all, and a switch for a full phone. */
function wechatStorage() {
  const map = new Map<string, string>()
  const state = { full: false }
  const total = (except: string) => [...map].filter(([k]) => k !== except).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0)
  return {
    map,
    state,
    getItem: (k: string) => map.get(k) ?? null,
    setItem(k: string, v: string) {
      if (state.full) throw new Error('setStorageSync:fail:storage is full')
      if (Buffer.byteLength(v) > STORAGE_KEY_BYTES) throw new Error('setStorageSync:fail:entry size limit reached')
      if (total(k) + Buffer.byteLength(k) + Buffer.byteLength(v) > STORAGE_TOTAL_BYTES) throw new Error('setStorageSync:fail exceed storage max size 10Mb')
      map.set(k, v)
    },
    removeItem: (k: string) => void map.delete(k)
  }
}

const worker = (n: number) => ({ realName: '王小二', idNumber: `14030219900101${String(n).padStart(4, '0')}`, phone: `139${String(n).padStart(8, '0')}`, groups: ['rural_migrant'] })
const course = { id: 'crs_1', title: '电工（初级）', startDate: '2099-01-01', seatsLeft: 20, occupationCode: '6-31-01-03', occupationName: '电工' }

test('200 signed sign-ups: every key under 1 MB, and all 200 are there after a restart', async () => {
  const s = wechatStorage()
  let n = 0
  const q = createStaffQueue(s, { newKey: () => `key-${++n}` })
  for (let i = 0; i < 200; i++) q.getState().enqueue({ course, worker: worker(i), consent: { method: 'signature', imageRef: `wxfile://usr/signatures/sig-${i}.png` } })
  const largest = Math.max(...[...s.map.values()].map((v) => Buffer.byteLength(v)))
  expect(largest).toBeLessThan(STORAGE_KEY_BYTES)
  // a restart: a new store over the same storage
  const again = createStaffQueue(s)
  await again.persist.rehydrate()
  expect(again.getState().items).toHaveLength(200)
  expect(again.getState().items.every((i) => i.consent.method === 'signature' && i.consent.imageRef?.startsWith('wxfile://usr/signatures/'))).toBe(true)
  // the same 200 with the PNGs inline (the old way) would not fit one key
  const inline = 'data:image/png;base64,' + 'A'.repeat(12_000)
  const old = createStaffQueue(wechatStorage(), { name: 'old' })
  expect(() => {
    for (let i = 0; i < 200; i++) old.getState().enqueue({ course, worker: worker(i), consent: { method: 'signature', image: inline } })
  }).toThrow('entry size limit reached')
})

test('a full phone: the sign-up is refused out loud, the queue is unchanged in memory and in storage', () => {
  const s = wechatStorage()
  const q = createStaffQueue(s)
  q.getState().enqueue({ course, worker: worker(1), consent: { method: 'signature', imageRef: 'ref-1' } })
  const stored = s.map.get('zsb.staff-queue')
  s.state.full = true
  expect(() => q.getState().enqueue({ course, worker: worker(2), consent: { method: 'signature', imageRef: 'ref-2' } })).toThrow('storage is full')
  expect(q.getState().items).toHaveLength(1)
  expect(s.map.get('zsb.staff-queue')).toBe(stored)
  s.state.full = false
  q.getState().enqueue({ course, worker: worker(2), consent: { method: 'signature', imageRef: 'ref-2' } })
  expect(q.getState().items.map((i) => i.worker.phone)).toEqual([worker(1).phone, worker(2).phone])
})
