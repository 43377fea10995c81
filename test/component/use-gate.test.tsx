/**
 * useGate({ role }): the one login / role gate of the pages — no session → needLogin and the login page once
 * (with the role's sign-in words), a missing role → forbidden, a refusal-free network error → the phone's
 * remembered answer when there is one, else the plain message; retry and a later show let the person in.
 */
import { act, render, screen, waitFor } from '@testing-library/react'
import { Text } from '@tarojs/components'
import { useGate, useSignedIn, type GateOptions } from '../../src/hooks/use-gate'
import { ensureSession } from '../../src/services/api/auth'
import { ApiError, NetworkError } from '../../src/services/http/errors'
import { go } from '../../src/services/platform'

jest.mock('../../src/services/api/auth', () => ({ ensureSession: jest.fn() }))
jest.mock('../../src/services/platform', () => require('./platform-mock').platformMock())

const m = <T extends (...args: never[]) => unknown>(fn: T) => fn as unknown as jest.MockedFunction<T>
const session = { token: 't', user: { id: 'usr_1' } } as unknown as Awaited<ReturnType<typeof ensureSession>>

let latest: ReturnType<typeof useGate<string>> | null = null
function Probe(p: GateOptions<string>) {
  const g = useGate<string>(p)
  latest = g
  return <Text>{`${g.status}|${g.who ?? ''}|${g.message}`}</Text>
}

beforeEach(() => {
  jest.clearAllMocks()
  latest = null
})

it('no session: needLogin, the login page opens once with the role, 去登录 opens it again on request', async () => {
  m(ensureSession).mockResolvedValue(null)
  render(<Probe role='reviewer' enter={async () => 'x'} />)
  await screen.findByText('needLogin||')
  expect(go).toHaveBeenCalledTimes(1)
  expect(go).toHaveBeenCalledWith('login', { as: 'reviewer' })
  await act(async () => latest!.retry())
  expect(go).toHaveBeenCalledTimes(1) // not sent again: the screen shows its button instead
  latest!.onLogin()
  expect(go).toHaveBeenLastCalledWith('login', { as: 'reviewer' })
})

it('a worker page sends to the plain login page', async () => {
  m(ensureSession).mockResolvedValue(null)
  render(<Probe role='user' />)
  await screen.findByText('needLogin||')
  expect(go).toHaveBeenCalledWith('login')
})

it('signed in with the role: ready with what enter loaded; without it: forbidden', async () => {
  m(ensureSession).mockResolvedValue(session)
  const { unmount } = render(<Probe role='reviewer' enter={async () => '审核员 138****0001 · 负责地区 阳泉市'} />)
  await screen.findByText('ready|审核员 138****0001 · 负责地区 阳泉市|')
  unmount()
  render(<Probe role='reviewer' enter={async () => Promise.reject(new ApiError(403, 'FORBIDDEN', '不是审核员'))} />)
  await screen.findByText('forbidden||不是审核员')
  expect(go).not.toHaveBeenCalled()
})

it('a 401 from enter means the session ended: needLogin', async () => {
  m(ensureSession).mockResolvedValue(session)
  render(<Probe role='staff' enter={async () => Promise.reject(new ApiError(401, 'UNAUTHENTICATED', '请重新登录'))} />)
  await screen.findByText('needLogin||')
  expect(go).toHaveBeenCalledWith('login', { as: 'staff' })
})

it('offline: the remembered answer when there is one, else the message; retry gets in once the network is back', async () => {
  m(ensureSession).mockResolvedValue(session)
  const enter = jest.fn(async (): Promise<string> => Promise.reject(new NetworkError('offline')))
  const { unmount } = render(<Probe role='staff' enter={enter} offline={(e) => (e instanceof NetworkError ? '阳泉市就业服务站' : undefined)} />)
  await screen.findByText('ready|阳泉市就业服务站|')
  unmount()
  render(<Probe role='staff' enter={enter} />)
  await waitFor(() => expect(latest!.status).toBe('error'))
  expect(latest!.message).not.toBe('')
  enter.mockResolvedValueOnce('阳泉市就业服务站')
  await act(async () => latest!.retry())
  await screen.findByText('ready|阳泉市就业服务站|')
})

it('initial: a screen that remembers its answer shows it at once, before any check', () => {
  m(ensureSession).mockReturnValue(new Promise(() => undefined))
  render(<Probe role='staff' enter={async () => 'x'} initial={() => '阳泉市就业服务站'} />)
  expect(screen.getByText('ready|阳泉市就业服务站|')).toBeTruthy()
})

describe('useSignedIn: the worker\'s own list or record, one hook for every such page', () => {
  let list: ReturnType<typeof useSignedIn<string[]>> | null = null
  function ListProbe(p: { load: () => Promise<string[]> }) {
    const l = useSignedIn<string[]>(p.load)
    list = l
    return <Text>{l.state.status === 'ready' ? l.state.data.join(',') : l.state.status === 'error' ? `error:${l.state.message}` : l.state.status}</Text>
  }

  it('no session: needLogin and the plain login page once; loading what needs the session is never tried', async () => {
    m(ensureSession).mockResolvedValue(null)
    const load = jest.fn(async () => ['a'])
    render(<ListProbe load={load} />)
    await screen.findByText('needLogin')
    expect(go).toHaveBeenCalledTimes(1)
    expect(go).toHaveBeenCalledWith('login')
    expect(load).not.toHaveBeenCalled()
  })

  it('signed in: the list; update changes it in place; reload keeps it on screen and brings the new one', async () => {
    m(ensureSession).mockResolvedValue(session)
    const load = jest.fn(async () => ['一', '二'])
    render(<ListProbe load={load} />)
    await screen.findByText('一,二')
    act(() => list!.update((items) => items.map((i) => `${i}✓`)))
    await screen.findByText('一✓,二✓')
    let finish: (v: string[]) => void = () => undefined
    load.mockReturnValueOnce(new Promise((r) => (finish = r)))
    let reloading: Promise<void> = Promise.resolve()
    act(() => {
      reloading = list!.reload()
    })
    expect(screen.getByText('一✓,二✓')).toBeTruthy() // no loading flash while it reloads
    await act(async () => {
      finish(['三'])
      await reloading
    })
    await screen.findByText('三')
  })

  it('a refusal shows in the server\'s words (403 included); a 401 means needLogin; retry loads again', async () => {
    m(ensureSession).mockResolvedValue(session)
    const load = jest.fn(async (): Promise<string[]> => Promise.reject(new ApiError(403, 'FORBIDDEN', '这不是你的申请')))
    const { unmount } = render(<ListProbe load={load} />)
    await screen.findByText('error:这不是你的申请')
    load.mockResolvedValueOnce(['好了'])
    await act(async () => list!.onRetry())
    await screen.findByText('好了')
    unmount()
    load.mockRejectedValueOnce(new ApiError(401, 'UNAUTHENTICATED', '请重新登录'))
    render(<ListProbe load={load} />)
    await screen.findByText('needLogin')
    expect(go).toHaveBeenCalledWith('login')
  })
})
