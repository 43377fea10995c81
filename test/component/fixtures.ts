import type { CourseDetail, CourseSummary, InstitutionDetail, RegionList } from '../../src/contract'
import { todayInChina } from '../../src/domain/format'
import { addDays } from '../../src/domain/working-days'

// Pages compare course dates with the real today: keep the fixtures' dates relative to it, or they go stale.
export const TODAY = todayInChina()

export function course(over: Partial<CourseSummary> = {}): CourseSummary {
  return {
    id: 'crs_1',
    title: '家政服务员（五级）夜班',
    occupationCode: '4-10-01-06',
    occupationName: '家政服务员',
    category: 'housekeeping',
    trainingType: 'employment',
    level: '5',
    certificateKind: 'skill_level',
    mode: 'offline',
    schedule: ['evening', 'weekend'],
    startDate: addDays(TODAY, 3),
    endDate: addDays(TODAY, 27),
    totalHours: 80,
    seatsTotal: 30,
    seatsLeft: 3,
    feeYuan: 0,
    subsidized: true,
    subsidyMaxYuan: 1500,
    regionCode: '310112',
    regionName: '上海市闵行区',
    institution: { id: 'ins_1', name: '闵行区职业技能培训中心', type: 'public_base', filingStatus: 'filed' },
    ...over
  }
}

export function courseDetail(over: Partial<CourseDetail> = {}): CourseDetail {
  return {
    ...course(),
    distanceKm: 1.23,
    description: '学习家庭保洁、衣物洗涤、家庭烹饪等家政服务基本技能。',
    syllabus: ['职业道德与安全', '家居清洁', '衣物洗涤与收纳'],
    scheduleText: '每周二、四 19:00–21:30，周六全天',
    address: '上海市闵行区七莘路100号',
    lat: 31.113,
    lng: 121.382,
    contactPhone: '021-12345678',
    eligibleGroups: ['rural_migrant', 'flexible_migrant'],
    allowLateJoin: false,
    subsidies: [
      {
        kind: 'training',
        name: '职业培训补贴',
        maxYuan: 1500,
        forWhom: '取得证书后，符合条件的务工人员可申请',
        source: { document: '地方实施指南（参考）', clause: '上海市补贴标准', guide: true }
      },
      {
        kind: 'living',
        name: '生活费补贴',
        maxYuan: null,
        forWhom: '脱贫劳动力、就业困难人员等在培训期间可申请',
        source: { document: '人社厅发〔2023〕55号', clause: '第九条', guide: false },
        amountNote: '这里不显示金额：生活费补贴每天或每月发多少由各地定，我们还没有收录上海市公布的标准。请问培训机构或当地人社部门。'
      }
    ],
    ...over
  }
}

export function institution(over: Partial<InstitutionDetail> = {}): InstitutionDetail {
  return {
    id: 'ins_1',
    name: '闵行区职业技能培训中心',
    type: 'public_base',
    filingStatus: 'filed',
    filingNo: 'SH-2024-0012',
    address: '上海市闵行区七莘路100号',
    lat: 31.113,
    lng: 121.382,
    regionCode: '310112',
    regionName: '上海市闵行区',
    contactPhone: '021-12345678',
    intro: '公共实训基地，常年开设家政、养老护理课程。',
    courses: [course()],
    courseCount: 1,
    coursesNextCursor: null,
    ...over
  }
}

export const REGIONS: RegionList = {
  items: [
    { code: '310000', name: '上海市', parentCode: null, level: 'province', fullName: '上海市', lat: 31.23, lng: 121.47 },
    { code: '310112', name: '闵行区', parentCode: '310000', level: 'district', fullName: '上海市闵行区', lat: 31.11, lng: 121.38 },
    { code: '140000', name: '山西省', parentCode: null, level: 'province', fullName: '山西省', lat: 37.87, lng: 112.55 },
    { code: '140300', name: '阳泉市', parentCode: '140000', level: 'city', fullName: '山西省阳泉市', lat: 37.86, lng: 113.58 },
    { code: '140322', name: '盂县', parentCode: '140300', level: 'county', fullName: '山西省阳泉市盂县', lat: 38.09, lng: 113.41 }
  ]
}
