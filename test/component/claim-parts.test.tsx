import { render, screen } from '@testing-library/react'
import { ClaimStateBadge, ClaimTimeline, Money, VerdictList, formatDateTime, toneOf } from '../../src/components/claim-parts'

test('a state wears the tone of what the worker must do', () => {
  expect(toneOf('needs_supplement')).toBe('action')
  expect(toneOf('payment_failed')).toBe('action')
  expect(toneOf('paid')).toBe('done')
  expect(toneOf('rejected')).toBe('ended')
  expect(toneOf('first_review')).toBe('progress')
  const { container } = render(<ClaimStateBadge state='needs_supplement' label='需补正' />)
  expect(screen.getByText('需补正')).toBeInTheDocument()
  expect(container.querySelector('.claim-badge--action')).not.toBeNull()
})

test('money is shown in yuan, or plainly as not yet known', () => {
  const { rerender } = render(<Money yuan={1500} note='按阳泉市标准' />)
  expect(screen.getByText('1500元')).toBeInTheDocument()
  expect(screen.getByText('按阳泉市标准')).toBeInTheDocument()
  rerender(<Money yuan={null} />)
  expect(screen.getByText('金额待定')).toBeInTheDocument()
})

test('verdicts put failures first and cite each source', () => {
  const { container } = render(
    <VerdictList
      verdicts={[
        { rule: 'verified', status: 'pass', message: '证书已联网核验', source: '人社厅发〔2023〕55号 第十二条' },
        { rule: 'window', status: 'fail', message: '证书发证已超过12个月，不能再申请', source: '实施指南' },
        { rule: 'insured', status: 'needs_info', message: '还查不到你的社保记录', source: '沪人社职〔2024〕70号' }
      ]}
    />
  )
  const words = Array.from(container.querySelectorAll('.verdict__word')).map((e) => e.textContent)
  expect(words).toEqual(['不符合', '需补充', '符合'])
  expect(screen.getByText('依据：人社厅发〔2023〕55号 第十二条')).toBeInTheDocument()
})

test('the timeline lists every step newest first with time, office, who, reason and deadline', () => {
  const { container } = render(
    <ClaimTimeline
      today='2026-11-25'
      steps={[
        { state: 'submitted', label: '已提交', at: '2026-11-20T02:00:00Z', actorRole: 'worker', office: '阳泉市城区人社局' },
        { state: 'accepted', label: '已受理', at: '2026-11-21T03:30:00Z', actorRole: 'system', office: '阳泉市城区人社局', deadline: '2026-11-28' },
        { state: 'needs_supplement', label: '需补正', at: '2026-11-24T06:05:00Z', actorRole: 'reviewer', office: '阳泉市城区人社局', reason: '培训记录不全', items: ['培训签到表'], deadline: '2026-12-08' }
      ]}
    />
  )
  const states = Array.from(container.querySelectorAll('.timeline__state')).map((e) => e.textContent)
  expect(states).toEqual(['需补正', '已受理', '已提交'])
  expect(screen.getByText('11月24日 14:05 · 阳泉市城区人社局 · 审核员')).toBeInTheDocument()
  expect(screen.getByText('说明：培训记录不全')).toBeInTheDocument()
  expect(screen.getByText('需要补充：培训签到表')).toBeInTheDocument()
  expect(screen.getByText('截止：12月8日前')).toBeInTheDocument()
})

test('times are China time whatever the device zone', () => {
  expect(formatDateTime('2026-12-31T16:30:00Z', '2026-11-25')).toBe('2027年1月1日 00:30')
})
