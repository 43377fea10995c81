/**
 * The in-process catalogue read cache (server/catalog/cache.ts) on the real embedded database: a repeated read
 * costs no query, and no answer outlives a committed write to the catalogue — seats included — or its TTL.
 * Through HTTP: after a sign-up and a cancel, the cached search and detail answers show the new seat count.
 */
import { createCatalogCache, normalisedKey } from '../../server/catalog/cache'
import { releaseSeat, takeSeat } from '../../server/catalog/seats'
import { openCourse, readyWorker, useTestServer } from './helpers'

const server = useTestServer()

/** A loader reading one course's seats, counting its calls. */
function seatsLoader(id: string) {
  const loader = async () => {
    loader.calls++
    const [row] = await server.db.query<{ seats_left: number }>('SELECT seats_left FROM courses WHERE id = $1', [id])
    return row.seats_left
  }
  loader.calls = 0
  return loader
}

test('a repeated read is served from memory; a committed catalogue write ends it', async () => {
  const id = await openCourse(server.db, server.today, { seats: 5, skip: 3 })
  const cache = createCatalogCache(server.db, { ttlMs: 60_000 })
  const load = seatsLoader(id)
  expect(await cache.get('k', load)).toBe(5)
  expect(await cache.get('k', load)).toBe(5)
  expect(load.calls).toBe(1)
  expect(cache.stats).toEqual({ hits: 1, misses: 1 })

  await server.db.query('UPDATE courses SET seats_left = seats_left - 1 WHERE id = $1', [id])
  expect(await cache.get('k', load)).toBe(4)
  expect(load.calls).toBe(2)

  // a write inside a transaction counts once it commits
  await server.db.transaction(async (tx) => {
    await tx.query('UPDATE courses SET seats_left = seats_left - 1 WHERE id = $1', [id])
  })
  expect(await cache.get('k', load)).toBe(3)
  expect(load.calls).toBe(3)

  // reads and writes elsewhere leave it alone
  await server.db.query('SELECT count(*) FROM courses')
  await server.db.query("UPDATE sessions SET expires_at = expires_at WHERE token_hash = 'none'")
  expect(await cache.get('k', load)).toBe(3)
  expect(load.calls).toBe(3)
})

test('entries end after the TTL; TTL 0 turns the cache off', async () => {
  const id = await openCourse(server.db, server.today, { seats: 7, skip: 4 })
  let clock = 1_000_000
  const cache = createCatalogCache(server.db, { ttlMs: 1000, now: () => clock })
  const load = seatsLoader(id)
  await cache.get('k', load)
  clock += 999
  await cache.get('k', load)
  expect(load.calls).toBe(1)
  clock += 2
  await cache.get('k', load)
  expect(load.calls).toBe(2)

  const off = createCatalogCache(server.db, { ttlMs: 0 })
  const load2 = seatsLoader(id)
  await off.get('k', load2)
  await off.get('k', load2)
  expect(load2.calls).toBe(2)
})

test('identical concurrent misses share one query; an answer read across a write is not kept', async () => {
  const id = await openCourse(server.db, server.today, { seats: 9, skip: 5 })
  const cache = createCatalogCache(server.db, { ttlMs: 60_000 })
  const load = seatsLoader(id)
  const answers = await Promise.all(Array.from({ length: 20 }, () => cache.get('same', load)))
  expect(new Set(answers)).toEqual(new Set([9]))
  expect(load.calls).toBe(1)

  // the write commits while the read is under way: the caller gets what was read, the next caller reads again
  let release!: () => void
  const gate = new Promise<void>((r) => (release = r))
  let readDone!: () => void
  const read = new Promise<void>((r) => (readDone = r))
  const slow = async () => {
    const v = await load()
    readDone()
    await gate
    return v
  }
  const pending = cache.get('racy', slow)
  await read
  await server.db.query('UPDATE courses SET seats_left = seats_left - 1 WHERE id = $1', [id])
  release()
  expect(await pending).toBe(9)
  expect(await cache.get('racy', load)).toBe(8)
})

test('a seat change ends only the answers showing that course, and 还有名额 answers when a course fills or reopens', async () => {
  const x = await openCourse(server.db, server.today, { seats: 2, skip: 7 })
  const y = await openCourse(server.db, server.today, { seats: 5, skip: 8 })
  const cache = createCatalogCache(server.db, { ttlMs: 60_000 })
  const loads: string[] = []
  const get = (key: string, ids: string[], seatSensitive = false) =>
    cache.get(key, async () => (loads.push(key), ids), { courseIds: (v) => v, seatSensitive })
  const warm = async () => {
    await get('shows-x', [x])
    await get('shows-y', [y])
    await get('has-seats', [y], true)
  }
  await warm()
  expect(loads).toEqual(['shows-x', 'shows-y', 'has-seats'])

  // 2 → 1 seats on x: only the answer showing x is read again
  loads.length = 0
  await server.db.transaction((tx) => takeSeat(tx, x))
  await warm()
  expect(loads).toEqual(['shows-x'])

  // 1 → 0: x is full, so every 还有名额 answer may change (x leaves them)
  loads.length = 0
  expect(await server.db.transaction((tx) => takeSeat(tx, x))).toBe(0)
  expect(await server.db.transaction((tx) => takeSeat(tx, x))).toBeNull()
  await warm()
  expect(loads).toEqual(['shows-x', 'has-seats'])

  // 0 → 1: x may join them again
  loads.length = 0
  await server.db.transaction((tx) => releaseSeat(tx, x))
  await warm()
  expect(loads).toEqual(['shows-x', 'has-seats'])

  // a rolled-back sign-up changed nothing
  loads.length = 0
  await expect(
    server.db.transaction(async (tx) => {
      await takeSeat(tx, y)
      throw new Error('rolled back')
    })
  ).rejects.toThrow('rolled back')
  await warm()
  expect(loads).toEqual([])
  expect((await server.db.query<{ seats_left: number }>('SELECT seats_left FROM courses WHERE id = $1', [y]))[0].seats_left).toBe(5)
})

test('the oldest entry goes first when the cache is full', async () => {
  const cache = createCatalogCache(server.db, { ttlMs: 60_000, maxEntries: 3 })
  const calls: string[] = []
  const get = (k: string) => cache.get(k, async () => (calls.push(k), k))
  for (const k of ['a', 'b', 'c', 'd']) await get(k)
  await get('d')
  await get('b')
  await get('a')
  expect(calls).toEqual(['a', 'b', 'c', 'd', 'a'])
})

test('normalised keys ignore parameter order and absent values', () => {
  expect(normalisedKey('courses', { lng: 1, lat: 2, q: undefined })).toBe(normalisedKey('courses', { lat: 2, lng: 1 }))
  expect(normalisedKey('courses', { lat: 2, lng: 1 })).not.toBe(normalisedKey('courses', { lat: 2, lng: 1, hasSeats: true }))
})

test('through HTTP: cached search and detail answers follow sign-up and cancel', async () => {
  const id = await openCourse(server.db, server.today, { seats: 2, skip: 6 })
  const [at] = await server.db.query<{ lat: number; lng: number }>('SELECT lat, lng FROM courses WHERE id = $1', [id])
  const search = `/api/v1/courses?lat=${at.lat}&lng=${at.lng}&radiusKm=1&limit=50`
  const seatsInList = async () => (await server.get(search)).body.items.find((c: { id: string }) => c.id === id)?.seatsLeft
  const seatsInDetail = async () => (await server.get(`/api/v1/courses/${id}`)).body.seatsLeft
  const seatsWithSeatsFilter = async () => (await server.get(`${search}&hasSeats=true`)).body.items.some((c: { id: string }) => c.id === id)
  expect(await seatsInList()).toBe(2)
  expect(await seatsInDetail()).toBe(2)
  expect(await seatsWithSeatsFilter()).toBe(true)

  const tokens = [await readyWorker(server, 'cache-a', 901), await readyWorker(server, 'cache-b', 902)]
  const enrol = (token: string, key: string) => server.post('/api/v1/enrollments', { courseId: id }, { token, headers: { 'idempotency-key': key } })
  expect((await enrol(tokens[0], 'cache-key-000000001')).status).toBe(201)
  expect(await seatsInList()).toBe(1)
  expect(await seatsInDetail()).toBe(1)
  const second = await enrol(tokens[1], 'cache-key-000000002')
  expect(second.status).toBe(201)
  expect(await seatsInList()).toBe(0)
  expect(await seatsWithSeatsFilter()).toBe(false)

  expect((await server.post(`/api/v1/enrollments/${second.body.id}/cancel`, undefined, { token: tokens[1] })).status).toBe(200)
  expect(await seatsInList()).toBe(1)
  expect(await seatsInDetail()).toBe(1)
  expect(await seatsWithSeatsFilter()).toBe(true)
})
