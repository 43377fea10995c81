/** Every subsidy figure comes with its source; where none can be shown, the offer says why. */
import { noFigureReason, subsidyOffersFor } from '../../src/domain/subsidy'
import { eligibilityFor } from '../../src/domain/eligibility'

const course = (regionCode: string) => ({ regionCode, level: '4' as const, certificateKind: 'skill_level' as const, subsidized: true, shortageOccupation: false })

describe('subsidy figures', () => {
  test.each([
    ['140302', '山西省'], // 阳泉市城区
    ['310112', '上海市'],
    ['210102', '辽宁省']
  ])('%s: training figure with a source; living / evaluation say why there is none', (regionCode, province) => {
    const offers = subsidyOffersFor(course(regionCode))
    const training = offers.find((o) => o.kind === 'training')!
    expect(training.maxYuan).toBeGreaterThan(0)
    expect(training.source.document).toBeTruthy()
    for (const kind of ['living', 'evaluation'] as const) {
      const o = offers.find((x) => x.kind === kind)!
      expect(o.maxYuan).toBeNull()
      expect(o.amountNote).toContain(province)
      expect(o.amountNote).toContain('不显示金额')
      expect(`${o.forWhom}${o.amountNote}`).not.toContain('按当地标准')
    }
  })

  test('a region without rules names no province', () => {
    expect(noFigureReason('living', '440300')).toContain('当地公布的标准')
  })

  test('the eligibility preview gives the same reason for 生活费补贴', () => {
    const items = eligibilityFor(
      { ...course('140302'), occupationCode: '6-29-01-01', startDate: '2027-01-10', eligibleGroups: ['poverty_alleviated'] } as never,
      { groups: ['poverty_alleviated'], employed: null, insuredLocally: null, paid: [] } as never
    )
    const living = items.find((i) => i.kind === 'living')!
    expect(living.status).toBe('eligible')
    expect(living.maxYuan).toBeNull()
    expect(living.reason).toContain('我们还没有收录山西省公布的标准')
  })
})
