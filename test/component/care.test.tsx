/**
 * Tappable (keyboard activation, roles and states on H5) and PageShell (关怀模式 classes, the
 * one-time offer), plus the pure rules that choose the text scale and whom to offer 关怀模式.
 */
import { act, fireEvent, render, screen } from '@testing-library/react'
import { Text } from '@tarojs/components'
import { CareSwitch, PageShell } from '../../src/components/page-shell'
import { Tappable } from '../../src/components/ui/tappable'
import { ageOn, shouldOfferCare, textScaleStep, useSettings } from '../../src/store/settings'
import { resetStores } from './store-reset'

beforeEach(() => {
  localStorage.clear()
  resetStores()
  useSettings.setState({ elderMode: false, careOffered: false, systemFontScale: 1, senior: false })
})

describe('Tappable on H5', () => {
  it('is a focusable button that Enter and Space activate, and a click too', () => {
    const onTap = jest.fn()
    render(
      <Tappable id='go' className='x' onTap={onTap}>
        <Text>立即报名</Text>
      </Tappable>
    )
    const el = document.getElementById('go')!
    expect(el.getAttribute('role')).toBe('button')
    expect(el.tabIndex).toBe(0)
    expect(el.className).toContain('pressable x')
    fireEvent.keyDown(el, { key: 'Enter' })
    fireEvent.keyDown(el, { key: ' ' })
    fireEvent.keyDown(el, { key: 'a' })
    fireEvent.click(screen.getByText('立即报名'))
    expect(onTap).toHaveBeenCalledTimes(3)
  })

  it('a disabled one stays in the Tab order, says so, and does nothing', () => {
    const onTap = jest.fn()
    render(
      <Tappable id='full' disabled onTap={onTap}>
        <Text>名额已满</Text>
      </Tappable>
    )
    const el = document.getElementById('full')!
    expect(el.getAttribute('aria-disabled')).toBe('true')
    expect(el.tabIndex).toBe(0)
    fireEvent.keyDown(el, { key: 'Enter' })
    fireEvent.click(el)
    expect(onTap).not.toHaveBeenCalled()
  })

  it('links open on Enter only; toggles report their state; label names an icon-only control', () => {
    const onTap = jest.fn()
    render(
      <>
        <Tappable id='link' role='link' onTap={onTap}>
          <Text>课程</Text>
        </Tappable>
        <Tappable id='box' role='checkbox' checked onTap={onTap}>
          <Text>农村转移劳动力</Text>
        </Tappable>
        <Tappable id='chip' pressed={false} onTap={onTap}>
          <Text>家政</Text>
        </Tappable>
        <Tappable id='back' label='返回' onTap={onTap}>
          <Text>‹</Text>
        </Tappable>
      </>
    )
    fireEvent.keyDown(document.getElementById('link')!, { key: ' ' })
    expect(onTap).not.toHaveBeenCalled()
    fireEvent.keyDown(document.getElementById('link')!, { key: 'Enter' })
    expect(onTap).toHaveBeenCalledTimes(1)
    expect(document.getElementById('box')!.getAttribute('aria-checked')).toBe('true')
    expect(document.getElementById('chip')!.getAttribute('aria-pressed')).toBe('false')
    expect(document.getElementById('back')!.getAttribute('aria-label')).toBe('返回')
  })
})

describe('PageShell', () => {
  const shell = () => document.querySelector('.page-shell')!.className

  it('applies 关怀模式 and the phone text size as classes, and follows the setting live', () => {
    render(
      <PageShell>
        <Text>内容</Text>
      </PageShell>
    )
    expect(shell()).toBe('page-shell page-shell--ts-100')
    act(() => useSettings.getState().setElderMode(true))
    expect(shell()).toBe('page-shell page-shell--ts-135 page-shell--care')
    act(() => useSettings.getState().setElderMode(false))
    act(() => useSettings.getState().setSystemFontScale(1.12))
    expect(shell()).toBe('page-shell page-shell--ts-110')
  })

  it('offers 关怀模式 once to a 60+ worker; accepting turns it on, and it is not offered again', () => {
    render(
      <PageShell>
        <Text>内容</Text>
      </PageShell>
    )
    expect(screen.queryByText('字太小看不清？')).toBeNull()
    act(() => useSettings.getState().noteBirthDate('1960-03-01', '2026-11-26'))
    fireEvent.click(screen.getByText('打开大字'))
    expect(shell()).toContain('page-shell--care')
    expect(screen.queryByText('字太小看不清？')).toBeNull()
    act(() => useSettings.getState().setElderMode(false))
    expect(screen.queryByText('字太小看不清？')).toBeNull()
    expect(JSON.parse(localStorage.getItem('zsb.settings')!).data).toContain('"careOffered":true')
  })

  it('the switch on 我的 is a switch with its state', () => {
    const onChange = jest.fn()
    render(<CareSwitch on={false} onChange={onChange} />)
    const el = document.getElementById('care-switch')!
    expect(el.getAttribute('role')).toBe('switch')
    expect(el.getAttribute('aria-checked')).toBe('false')
    fireEvent.keyDown(el, { key: ' ' })
    expect(onChange).toHaveBeenCalledWith(true)
  })
})

describe('which text scale, and whom to offer 关怀模式', () => {
  it.each([
    [false, 1, 100],
    [false, 1.12, 110],
    [false, 1.25, 125],
    [false, 2, 150],
    [true, 1, 135],
    [true, 1.25, 135],
    [true, 1.5, 150],
    [true, 3, 150]
  ])('elderMode %s, system %s → %s', (elder, system, step) => {
    expect(textScaleStep(elder, system)).toBe(step)
  })

  it('ages on a date', () => {
    expect(ageOn('1966-11-26', '2026-11-26')).toBe(60)
    expect(ageOn('1966-11-27', '2026-11-26')).toBe(59)
    expect(ageOn('1966-12-01', '2026-11-26')).toBe(59)
  })

  it('offers to seniors and large system fonts only, once, never when already on', () => {
    const base = { elderMode: false, careOffered: false, systemFontScale: 1, senior: false }
    expect(shouldOfferCare(base)).toBe(false)
    expect(shouldOfferCare({ ...base, senior: true })).toBe(true)
    expect(shouldOfferCare({ ...base, systemFontScale: 1.15 })).toBe(true)
    expect(shouldOfferCare({ ...base, systemFontScale: 1.1 })).toBe(false)
    expect(shouldOfferCare({ ...base, senior: true, careOffered: true })).toBe(false)
    expect(shouldOfferCare({ ...base, senior: true, elderMode: true })).toBe(false)
  })
})
