import { subsidyOffersFor, trainingSubsidyMaxYuan, type SubsidyCourseFacts } from '../../src/domain/subsidy'

const course = (over: Partial<SubsidyCourseFacts>): SubsidyCourseFacts => ({
  regionCode: '310112',
  level: '5',
  certificateKind: 'skill_level',
  subsidized: true,
  shortageOccupation: false,
  ...over
})

describe('trainingSubsidyMaxYuan — amounts per region and level', () => {
  test.each([
    // region, level, certificate, shortage, expected
    ['上海 五级', '310112', '5', 'skill_level', false, 1500],
    ['上海 四级', '310104', '4', 'skill_level', false, 2000],
    ['上海 三级', '310115', '3', 'qualification', false, 2500],
    ['上海 二级', '310101', '2', 'skill_level', false, 3000],
    ['上海 一级', '310101', '1', 'skill_level', false, 3500],
    ['上海 五级 紧缺工种 +30%', '310112', '5', 'skill_level', true, 1950],
    ['上海 四级 紧缺工种 +30%', '310112', '4', 'skill_level', true, 2600],
    ['上海 培训合格证书不计', '310112', 'none', 'training', false, null],
    ['沈阳 初级', '210102', '5', 'skill_level', false, 1000],
    ['沈阳 中级', '210106', '4', 'skill_level', false, 1500],
    ['沈阳 高级', '210106', '3', 'skill_level', false, 2000],
    ['沈阳 紧缺工种不上浮', '210106', '5', 'skill_level', true, 1000],
    ['沈阳 技师：无公布标准', '210106', '2', 'skill_level', false, null],
    ['阳泉 初级', '140302', '5', 'skill_level', false, 1000],
    ['忻州 五台县 中级', '140922', '4', 'special_ability', false, 1500],
    ['未收录地区', '440300', '5', 'skill_level', false, null]
  ] as const)('%s', (_name, regionCode, level, certificateKind, shortageOccupation, expected) => {
    expect(trainingSubsidyMaxYuan(course({ regionCode, level, certificateKind, shortageOccupation }))).toBe(expected)
  })

  test('a course without subsidy brings nothing', () => {
    expect(trainingSubsidyMaxYuan(course({ subsidized: false }))).toBeNull()
    expect(subsidyOffersFor(course({ subsidized: false }))).toEqual([])
  })
})

describe('subsidyOffersFor — every offer cites its source', () => {
  test('Shanghai skill-level course: training (guide figure), living (55号 第九条), evaluation (第十条)', () => {
    const offers = subsidyOffersFor(course({ regionCode: '310112', level: '4', shortageOccupation: true }))
    expect(offers.map((o) => o.kind)).toEqual(['training', 'living', 'evaluation'])
    const [training, living, evaluation] = offers
    expect(training.maxYuan).toBe(2600)
    expect(training.forWhom).toContain('紧缺工种上浮30%')
    expect(training.source.guide).toBe(true)
    expect(living.maxYuan).toBeNull()
    expect(living.source).toEqual({ document: '人社厅发〔2023〕55号', clause: '第九条', guide: false })
    expect(living.forWhom).toContain('脱贫劳动力')
    expect(evaluation.source.clause).toBe('第十条')
  })

  test('Liaoning counts 培训合格证书 for the training subsidy; Shanxi does not', () => {
    const liaoning = subsidyOffersFor(course({ regionCode: '210102', level: 'none', certificateKind: 'training' }))
    expect(liaoning.some((o) => o.kind === 'training')).toBe(true)
    expect(liaoning.find((o) => o.kind === 'training')?.source.document).toContain('辽宁')
    const shanxi = subsidyOffersFor(course({ regionCode: '140302', level: 'none', certificateKind: 'training' }))
    expect(shanxi.some((o) => o.kind === 'training')).toBe(false)
  })

  test('Shanxi narrows the no-double-claim rule to the same year', () => {
    const training = subsidyOffersFor(course({ regionCode: '140902', level: '5' })).find((o) => o.kind === 'training')
    expect(training?.forWhom).toContain('同一年度')
  })

  test('every offer names a document', () => {
    for (const regionCode of ['310101', '210102', '140302', '140922', '440300']) {
      for (const level of ['5', '4', '3', '2', '1', 'special', 'none'] as const) {
        for (const offer of subsidyOffersFor(course({ regionCode, level }))) {
          expect(offer.source.document.length).toBeGreaterThan(0)
          expect(offer.forWhom.length).toBeGreaterThan(0)
        }
      }
    }
  })
})
