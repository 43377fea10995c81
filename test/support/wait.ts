/**
 * Waiting on state instead of on the clock: `until(read, ok)` calls `read` until `ok` holds (like jest's
 * `expect.poll`), and returns the last value so the test can assert on it with a readable failure.
 */
export async function until<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, { timeout = 30_000, every = 50 }: { timeout?: number; every?: number } = {}): Promise<T> {
  const end = Date.now() + timeout
  for (;;) {
    const v = await read()
    if (ok(v) || Date.now() > end) return v
    await new Promise((r) => setTimeout(r, every)) // the polling interval, not a wait for something to happen
  }
}

/** `until` for a plain condition: resolves true once `cond()` is true, false after `timeout`. */
export async function waitFor(cond: () => boolean | Promise<boolean>, opts: { timeout?: number; every?: number } = {}): Promise<boolean> {
  return until(cond, (v) => v, opts)
}
