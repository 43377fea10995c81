import fc from 'fast-check'
import { ageOn, checkDigitOf, checkIdCard } from '../../src/domain/id-card'
import { isMobilePhone, maskIdNumber, maskName, maskPhone } from '../../src/domain/masking'

const TODAY = '2026-11-23'

describe('checkIdCard — valid numbers', () => {
  test.each([
    ['140302199003071236', '1990-03-07', 'male'],
    ['310112198511204567', '1985-11-20', 'female'],
    ['210102197806150024', '1978-06-15', 'female'],
    ['140922199502280030', '1995-02-28', 'male'],
    ['11010519491231002X', '1949-12-31', 'female'],
    ['11010519491231002x', '1949-12-31', 'female'], // lower-case x accepted, normalised
    [' 3101 0420 0002 2936 10 ', '2000-02-29', 'male'] // spaces as typed from the card; leap day
  ])('%s → born %s, %s', (id, birthDate, gender) => {
    const result = checkIdCard(id, TODAY)
    expect(result).toMatchObject({ ok: true, birthDate, gender })
    if (result.ok) expect(result.normalized).toMatch(/^\d{17}[\dX]$/)
  })
})

describe('checkIdCard — each problem has its own message', () => {
  test.each([
    ['', 'empty', '请填写身份证号'],
    ['14030219900307123', 'length', '应为18位，现在是17位'],
    ['1403021990030712361', 'length', '现在是19位'],
    ['14030219900307123A', 'format', '最后一位是数字或字母X'],
    ['1403021990O3071236', 'format', '前17位应为数字'],
    ['990302199003071236', 'region', '前两位'],
    ['140302199013071238', 'birthdate', '出生日期'], // month 13
    ['140302199002301236', 'birthdate', '出生日期'], // 30 Feb
    ['140302203001011234', 'birthdate', '出生日期'], // in the future
    ['140302199003071235', 'checksum', '请核对最后一位'],
    ['11010519491231002 1'.replace(' ', ''), 'checksum', '校验位不正确']
  ])('%p → %s', (id, problem, text) => {
    const result = checkIdCard(id, TODAY)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.problem).toBe(problem)
      expect(result.message).toContain(text)
    }
  })

  test('any single-digit change of a valid number is caught', () => {
    const valid = '140302199003071236'
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const changed = valid.slice(0, pos) + String((Number(valid[pos]) + delta) % 10) + valid.slice(pos + 1)
        return !checkIdCard(changed, TODAY).ok
      })
    )
  })

  test('the computed check digit always validates', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), fc.date({ min: new Date('1950-01-01'), max: new Date('2008-12-31') }), (seq, date) => {
        const first17 = `140302${date.toISOString().slice(0, 10).replace(/-/g, '')}${String(seq).padStart(3, '0')}`
        return checkIdCard(first17 + checkDigitOf(first17), TODAY).ok
      })
    )
  })
})

test('ageOn', () => {
  expect(ageOn('1990-11-23', TODAY)).toBe(36)
  expect(ageOn('1990-11-24', TODAY)).toBe(35)
})

describe('masking', () => {
  test('ID, phone, name', () => {
    expect(maskIdNumber('14010219900307123X')).toBe('1401**********123X')
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskName('张三丰')).toBe('张**')
    expect(maskName('李')).toBe('李')
  })
  test('a masked ID never contains the birth date', () => {
    expect(maskIdNumber('140302199003071236')).not.toContain('19900307')
  })
  test('isMobilePhone', () => {
    expect(isMobilePhone('13812345678')).toBe(true)
    expect(isMobilePhone('12812345678')).toBe(false)
    expect(isMobilePhone('1381234567')).toBe(false)
    expect(isMobilePhone('138123456789')).toBe(false)
  })
})
