import fc from 'fast-check'
import {
  checkCertificate,
  isValidUscc,
  maskHolderName,
  parseCertificateNumber,
  PROVINCE_CODES,
  usccCheckChar,
  type CertKind
} from '../../src/domain/certificate'
import { creditCodeFor } from '../../server/certificates/seed'

const TODAY = '2026-11-25'

describe('parseCertificateNumber — valid numbers and their parts', () => {
  test.each<[CertKind, string, Record<string, unknown>]>([
    // 职业技能等级证书: letter · 评价机构 4 · 省 2 · 机构序列 6 · 年 2 · 等级 1 · 序列 6
    ['skill_level', 'S000114000021254000123', { evaluator: 'social', evaluatorCode: '0001', provinceCode: '14', provinceName: '山西', orgSerial: '000021', year: 2025, level: '4', serial: '000123' }],
    ['skill_level', 'Y310231000777265000001', { evaluator: 'employer', provinceCode: '31', provinceName: '上海', year: 2026, level: '5' }],
    ['skill_level', 's 0001 21 000021 24 3 000123', { normalized: 'S000121000021243000123', provinceName: '辽宁', year: 2024, level: '3' }],
    ['skill_level', 'S0001-14-000021-19-1-000001', { year: 2019, level: '1' }],
    ['skill_level', 'S000166000021202000050', { provinceName: '新疆生产建设兵团', level: '2', year: 2020 }],
    // 特级技师: two letters + 20 digits, no level digit
    ['skill_level', 'ST00011400002125000123', { level: '0', year: 2025, serial: '000123', evaluator: 'social' }],
    ['skill_level', 'YT00013100002126000009', { level: '0', evaluator: 'employer', provinceName: '上海' }],
    // old 职业资格证书: 16 or 22 digits, year first, level in the 11th digit
    ['qualification', '1714000021300001', { provinceName: '山西', year: 2017, level: '3', serial: '00001' }],
    ['qualification', '0931001234512345678901', { provinceName: '上海', year: 2009, level: '5' }],
    ['qualification', '9921000001434567', { year: 1999, level: '4' }],
    // 特种作业操作证 = the holder's ID number
    ['special_operation', '140302197803150021', { provinceName: '山西', normalized: '140302197803150021' }],
    ['special_operation', '11010519491231002x', { normalized: '11010519491231002X' }],
    // 专项职业能力 / 培训合格: free-form per province, characters only
    ['special_ability', 'ZX1425000052', { normalized: 'ZX1425000052' }],
    ['training', 'px2024-000777', { normalized: 'PX2024000777' }]
  ])('%s %s', (kind, number, parts) => {
    const r = parseCertificateNumber(kind, number, TODAY)
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.parsed).toMatchObject({ kind, ...parts })
  })
})

describe('parseCertificateNumber — each problem explains itself', () => {
  test.each<[CertKind, string, string]>([
    ['skill_level', '', '请填写证书编号'],
    ['skill_level', '   ', '请填写证书编号'],
    ['skill_level', '000114000021254000123', '第一位是字母Y或S'],
    ['skill_level', 'X000114000021254000123', '第一位应为Y（用人单位）或S（社会培训评价组织），现在是X'],
    ['skill_level', 'S00011400002125400012', '字母后应为21位数字，现在是20位'],
    ['skill_level', 'S0001140000212540001234', '现在是22位'],
    ['skill_level', 'S0001140000212540001O3', '除开头字母外都是数字'],
    ['skill_level', 'S000199000021254000123', '省份代码“99”不存在'],
    ['skill_level', 'S000100000021254000123', '省份代码“00”不存在'],
    ['skill_level', 'S000114000021256000123', '第16位是等级，应为1到5，现在是6'],
    ['skill_level', 'S000114000021250000123', '现在是0'],
    ['skill_level', 'S000114000021184000123', '2018年发的，职业技能等级证书从2019年才开始发放'],
    ['skill_level', 'ST000114000021250001234', '特级技师证书编号字母后应为20位数字，现在是21位'],
    ['skill_level', 'ST00019900002125000123', '省份代码“99”不存在'],
    ['qualification', '171400002130000', '应为16位或22位数字，现在是15位'],
    ['qualification', '17140000213000011', '现在是17位'],
    ['qualification', 'S714000021300001', '全是数字'],
    ['qualification', '1772000021300001', '省份代码“72”不存在'],
    ['qualification', '1714000021900001', '第11位是等级，应为1到5，现在是9'],
    ['special_operation', '140302197803150022', '身份证号'],
    ['special_operation', '14030219780315002', '特种作业操作证的证号就是持证人的身份证号'],
    ['special_ability', 'ZX14', '应为6到30位，现在是4位'],
    ['training', '培训证123456', '只能有数字和字母']
  ])('%s %j → %s', (kind, number, message) => {
    const r = parseCertificateNumber(kind, number, TODAY)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toContain(message)
  })
})

describe('checkCertificate — the number against what the worker chose', () => {
  test.each([
    [{ kind: 'skill_level', number: 'S000114000021254000123', level: '5', issuedOn: '2025-06-01' }, [{ field: 'level', severity: 'error', message: '证书编号显示是四级，和你选的五级不一样' }]],
    [{ kind: 'skill_level', number: 'S000114000021254000123', level: '4', issuedOn: '2024-12-20' }, [{ field: 'issuedOn', severity: 'warning', message: '证书编号显示是2025年发的，和你填的发证日期（2024年）不一样，请核对' }]],
    [{ kind: 'skill_level', number: 'S000114000021254000123', level: '4', issuedOn: '2025-03-05' }, []],
    [{ kind: 'skill_level', number: 'S000114000021254000123', level: null, issuedOn: '2025-03-05' }, [{ field: 'level', message: '请选择证书上的等级' }]],
    [{ kind: 'skill_level', number: 'ST00011400002125000123', level: '1', issuedOn: '2025-03-05' }, [{ field: 'level', message: '证书编号显示是特级技师，和你选的一级不一样' }]],
    [{ kind: 'qualification', number: '1714000021300001', level: '3', issuedOn: '2017-08-01' }, []],
    [{ kind: 'qualification', number: '1714000021300001', level: '2', issuedOn: '2017-08-01' }, [{ message: '证书编号显示是三级，和你选的二级不一样' }]],
    [{ kind: 'training', number: 'PX2024000777', level: null, issuedOn: '2027-01-01' }, [{ field: 'issuedOn', severity: 'error', message: '发证日期不能晚于今天' }]],
    [{ kind: 'special_ability', number: 'ZX1425000052', level: '5', issuedOn: '2025-01-01' }, []]
  ])('%j', (claim, issues) => {
    const r = checkCertificate(claim as Parameters<typeof checkCertificate>[0], TODAY)
    expect(r.issues).toEqual(issues.map((i) => expect.objectContaining(i)))
  })

  test('a bad number gives one error on the number and no parse', () => {
    const r = checkCertificate({ kind: 'skill_level', number: 'S1', level: '5' }, TODAY)
    expect(r.parsed).toBeNull()
    expect(r.issues).toEqual([expect.objectContaining({ field: 'number', severity: 'error' })])
  })
})

describe('properties', () => {
  const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''))
  test('every well-formed 职业技能等级 number parses back into its parts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Y', 'S'),
        digits(4),
        fc.constantFrom(...Object.keys(PROVINCE_CODES)),
        digits(6),
        fc.integer({ min: 19, max: 26 }),
        fc.integer({ min: 1, max: 5 }),
        digits(6),
        (letter, ev, prov, org, yy, level, serial) => {
          const r = parseCertificateNumber('skill_level', `${letter}${ev}${prov}${org}${yy}${level}${serial}`, TODAY)
          return r.ok && r.parsed.provinceCode === prov && r.parsed.level === String(level) && r.parsed.year === 2000 + yy && r.parsed.serial === serial
        }
      )
    )
  })
  test('any single digit changed to an unknown province is refused', () => {
    fc.assert(
      fc.property(digits(2).filter((p) => !PROVINCE_CODES[p]), (p) => !parseCertificateNumber('skill_level', `S0001${p}000021254000123`, TODAY).ok)
    )
  })
})

describe('masking and 统一社会信用代码', () => {
  test.each([
    ['王秀英', '王*英'],
    ['李明', '李*'],
    ['欧阳娜娜', '欧**娜'],
    ['张', '张']
  ])('%s → %s', (name, masked) => expect(maskHolderName(name)).toBe(masked))

  test('known valid codes pass, a changed check character fails', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true)
    expect(isValidUscc('91350100M000100Y44')).toBe(false)
    expect(usccCheckChar('91350100M000100Y4')).toBe('3')
  })
  test('seeded credit codes are well-formed', () => {
    for (const name of ['阳泉市城区巾帼家政职业培训学校', '上海闵行快证职业技能培训中心']) expect(isValidUscc(creditCodeFor(name, '140302'))).toBe(true)
  })
})
