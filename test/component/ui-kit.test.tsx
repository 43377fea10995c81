/**
 * The UI kit (src/components/ui) on H5: one `onTap` for every tappable part, the roles and names the e2e and
 * inclusion checks look for, busy / disabled buttons refusing taps, a field's problem as a focusable alert,
 * the sheet as a dialog, and the three page states.
 */
import { fireEvent, render, screen } from '@testing-library/react'
import { Text } from '@tarojs/components'
import { BottomBar, Button, Choice, EmptyState, ErrorState, Field, ListRow, LoadingState, Sheet } from '../../src/components/ui'

describe('Button', () => {
  it('is a named button in its look that taps and Enter press', () => {
    const onTap = jest.fn()
    render(<Button id='send' text='提交申请' onTap={onTap} />)
    const el = document.getElementById('send')!
    expect(el.getAttribute('role')).toBe('button')
    expect(el.className).toContain('ui-btn ui-btn--primary')
    fireEvent.click(screen.getByText('提交申请'))
    fireEvent.keyDown(el, { key: 'Enter' })
    expect(onTap).toHaveBeenCalledTimes(2)
  })

  it('busy says 请稍候… and refuses taps; disabled is announced and refuses taps', () => {
    const onTap = jest.fn()
    render(
      <>
        <Button id='busy' text='提交' busy onTap={onTap} />
        <Button id='off' kind='secondary' text='取消' disabled onTap={onTap} />
      </>
    )
    expect(document.getElementById('busy')!.textContent).toBe('请稍候…')
    fireEvent.click(document.getElementById('busy')!)
    fireEvent.click(document.getElementById('off')!)
    expect(onTap).not.toHaveBeenCalled()
    expect(document.getElementById('off')!.getAttribute('aria-disabled')).toBe('true')
    expect(document.getElementById('off')!.className).toContain('ui-btn--secondary is-disabled')
  })
})

describe('Choice', () => {
  it('is a radio (or checkbox) whose state is aria-checked', () => {
    const onTap = jest.fn()
    render(
      <>
        <Choice id='a' label='社会保障卡' on onTap={onTap} />
        <Choice id='b' role='checkbox' label='银行卡' hint='本人的卡' on={false} onTap={onTap} />
      </>
    )
    expect(document.getElementById('a')!.getAttribute('role')).toBe('radio')
    expect(document.getElementById('a')!.getAttribute('aria-checked')).toBe('true')
    expect(document.getElementById('b')!.getAttribute('role')).toBe('checkbox')
    expect(document.getElementById('b')!.getAttribute('aria-checked')).toBe('false')
    fireEvent.keyDown(document.getElementById('b')!, { key: ' ' })
    expect(onTap).toHaveBeenCalledTimes(1)
  })
})

describe('Field', () => {
  it('names its box by the label, passes typing up, and shows its problem as a focusable alert', () => {
    const onChange = jest.fn()
    const { rerender } = render(<Field id='bank' label='开户银行' value='' placeholder='例如：中国工商银行' onChange={onChange} />)
    expect(screen.getByText('开户银行')).toBeTruthy()
    expect(document.querySelector('[role="alert"]')).toBeNull()
    rerender(<Field id='bank' label='开户银行' value='' error='请填写开户银行' onChange={onChange} />)
    const alert = document.querySelector('[role="alert"]') as HTMLElement
    expect(alert.textContent).toBe('请填写开户银行')
    expect(alert.className).toContain('form-error')
    expect(alert.getAttribute('tabindex')).toBe('-1')
    expect(document.getElementById('bank')!.className).toContain('ui-input--bad')
  })

  it('hideLabel keeps the name for a screen reader only', () => {
    render(<Field id='code' label='验证码' hideLabel value='' onChange={() => undefined} />)
    expect(screen.queryByText('验证码')).toBeNull()
    expect(document.getElementById('code')!.getAttribute('aria-label')).toBe('验证码')
  })
})

describe('ListRow', () => {
  it('with onTap the whole row is one link; without, plain text', () => {
    const onTap = jest.fn()
    render(
      <>
        <ListRow id='r1' title='职业技能评价补贴' sub='育婴员 四级' meta='截止 12月20日' onTap={onTap} />
        <ListRow id='r2' title='只读的一行' />
      </>
    )
    const row = document.getElementById('r1')!
    expect(row.getAttribute('role')).toBe('link')
    fireEvent.keyDown(row, { key: 'Enter' })
    fireEvent.click(screen.getByText('育婴员 四级'))
    expect(onTap).toHaveBeenCalledTimes(2)
    expect(document.getElementById('r2')!.getAttribute('role')).toBeNull()
  })
})

describe('Sheet and BottomBar', () => {
  it('the sheet is a dialog named by its title; tapping the dimmed part closes it', () => {
    const onClose = jest.fn()
    render(
      <Sheet id='s' title='选择地区' onClose={onClose}>
        <BottomBar>
          <Button text='确定' onTap={() => undefined} />
        </BottomBar>
      </Sheet>
    )
    expect(screen.getByRole('dialog').getAttribute('aria-label')).toBe('选择地区')
    fireEvent.click(document.querySelector('.ui-sheet__scrim')!)
    expect(onClose).toHaveBeenCalledTimes(1)
    expect(document.querySelector('.ui-bar .ui-btn')).not.toBeNull()
  })

  it('a picker sheet: its bar (返回, heading, 关闭), the content and the foot; 关闭 and the dimmed part both close it', () => {
    const onClose = jest.fn()
    const onBack = jest.fn()
    render(
      <Sheet
        className='region-picker'
        title='选择地区'
        bar={{ closeId: 'region-close', heading: '阳泉市', before: <Button kind='link' text='返回' onTap={onBack} /> }}
        foot={<Button id='apply' text='确定' onTap={() => undefined} />}
        onClose={onClose}
      >
        <Text>城区</Text>
      </Sheet>
    )
    const dialog = screen.getByRole('dialog')
    expect(dialog.getAttribute('aria-label')).toBe('选择地区')
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    expect(document.querySelector('.ui-sheet.region-picker')).not.toBeNull()
    expect(screen.getByText('阳泉市')).toBeTruthy()
    expect(screen.getByText('城区')).toBeTruthy()
    expect(document.getElementById('apply')).not.toBeNull()
    fireEvent.click(screen.getByRole('button', { name: '返回' }))
    expect(onBack).toHaveBeenCalledTimes(1)
    fireEvent.click(document.getElementById('region-close')!)
    fireEvent.click(document.querySelector('.ui-sheet__scrim')!)
    expect(onClose).toHaveBeenCalledTimes(2)
  })
})

describe('page states', () => {
  it('empty offers its action, error is an alert, loading is a status', () => {
    const onAction = jest.fn()
    render(
      <>
        <EmptyState title='请先登录' detail='登录后查看消息' actionText='去登录' onAction={onAction} />
        <ErrorState title='网络不给力' actionText='重试' onAction={onAction} />
        <LoadingState />
      </>
    )
    fireEvent.click(document.getElementById('state-empty-action')!)
    fireEvent.click(document.getElementById('state-error-action')!)
    expect(onAction).toHaveBeenCalledTimes(2)
    expect(screen.getByRole('alert').textContent).toContain('网络不给力')
    expect(screen.getByRole('status').textContent).toBe('正在加载…')
  })
})
