/**
 * Seed notices: the five policy documents this product encodes (DESIGN.md §2; document numbers and dates as
 * there, summaries and bodies written by us in plain words, pointing to the original for the exact text)
 * and a few local notices of the kind a 县区 人社局 publishes. Amounts are only those the documents or the
 * public guides give, marked as such. Idempotent (fixed ids, ON CONFLICT DO NOTHING).
 */
import type { Queryable } from '../db'

export interface NoticeSeed {
  id: string
  title: string
  summary: string
  body: string
  issuer: string
  docNumber: string
  regions: string[]
  tags: string[]
  publishedOn: string
  /** 'year': only the year is known (publishedOn is then the year's first day, a sort key never shown) */
  publishedPrecision?: 'year'
  validUntil: string | null
}

export const SEED_NOTICES: readonly NoticeSeed[] = [
  {
    id: 'ntc_policy55',
    title: '农民工技能培训和补贴的全国政策',
    summary: '农民工参加政府补贴的职业技能培训，可以领培训补贴；困难人员培训期间还有生活费补贴；拿到证书后可申请评价补贴。',
    body:
      '这份通知讲的是全国农民工职业技能培训怎么做、补贴怎么领。\n' +
      '一、谁能参加：农村转移劳动力、返乡农民工、脱贫劳动力（含防止返贫监测对象）、就业困难人员、零就业家庭成员、城镇登记失业农民工、未继续升学的初高中毕业生、在岗和灵活就业的农民工。\n' +
      '二、学什么：就业技能培训、岗位技能提升培训、创业培训，以及直播销售员、网约配送员、快递物流等新职业新业态培训。可以线下学、线上学，也可以送培训到村镇，用晚上和周末上课。\n' +
      '三、生活费补贴：脱贫劳动力（含监测对象）、就业困难人员、零就业家庭成员和未升学的初高中毕业生，培训期间可按规定领生活费补贴（第九条）。\n' +
      '四、评价补贴：培训后取得证书的，可按规定申请职业技能评价补贴或技能提升补贴；同一职业同一等级不能重复享受（第十条）。\n' +
      '五、少跑腿：补贴申领推行全程网办、掌上办、一站办，能通过数据比对查到的，不再要求提供证明（第十二条）。\n' +
      '六、资金安全：谁使用、谁负责，对套取、骗取补贴零容忍（第十三条）。\n' +
      '具体补贴标准由各地公布，以当地人社部门的规定为准。原文请看人力资源社会保障部办公厅发布的通知。',
    issuer: '人力资源社会保障部办公厅',
    docNumber: '人社厅发〔2023〕55号',
    regions: ['000000'],
    tags: ['subsidy:training', 'subsidy:living', 'subsidy:evaluation', 'group:rural_migrant', 'group:returnee', 'group:poverty_alleviated', 'group:flexible_migrant'],
    publishedOn: '2023-12-29',
    validUntil: null
  },
  {
    id: 'ntc_yangquan22',
    title: '阳泉转发：山西省农民工技能培训通知',
    summary: '阳泉市转发省里的通知：在阳泉参加补贴性培训的农民工，按山西的办法领补贴，同一工种同一等级一年内只能领一次。',
    body:
      '阳泉市人力资源和社会保障局转发了山西省人社厅办公室的《晋人社办发〔2024〕2号》通知，请各县区抓好落实。\n' +
      '要点：\n' +
      '一、农民工参加补贴性职业技能培训的对象、内容和方式，按全国通知（人社厅发〔2023〕55号）执行。\n' +
      '二、山西规定：同一职业（工种）同一等级的补贴，同一年度内不能重复享受。\n' +
      '三、补贴按“谁培训、谁申请，谁使用、谁负责”的原则管理，申请材料能线上办的都线上办。\n' +
      '有问题可以到所在县区的就业服务中心咨询，或拨打 12333。原文以山西省、阳泉市人社部门发布的文件为准。',
    issuer: '阳泉市人力资源和社会保障局',
    docNumber: '阳人社函〔2024〕22号',
    regions: ['1403'],
    tags: ['subsidy:training', 'subsidy:evaluation', 'group:rural_migrant', 'group:returnee'],
    publishedOn: '2024-02-06',
    validUntil: null
  },
  {
    id: 'ntc_liaoning0119',
    title: '辽宁：农民工职业技能培训通知',
    summary: '辽宁的农民工参加补贴性培训，拿到培训合格证书也算数，可以按规定申请补贴。',
    body:
      '辽宁省人力资源和社会保障厅于 2024 年 1 月 19 日发布通知，部署全省农民工职业技能培训。\n' +
      '要点：\n' +
      '一、培训对象和内容按全国通知（人社厅发〔2023〕55号）执行，重点是就业技能培训和新职业新业态培训。\n' +
      '二、在辽宁，培训合格证书也可以作为申领培训补贴的凭证。\n' +
      '三、补贴标准和申领办法以各市人社部门公布为准，沈阳的朋友可以咨询所在区县就业服务中心。\n' +
      '原文以辽宁省人社厅发布的通知为准。',
    issuer: '辽宁省人力资源和社会保障厅',
    docNumber: '',
    regions: ['21'],
    tags: ['subsidy:training', 'group:rural_migrant', 'group:employed_migrant'],
    publishedOn: '2024-01-19',
    validUntil: null
  },
  {
    id: 'ntc_shanghai70',
    title: '上海：农民工技能培训补贴办法',
    summary: '在上海培训时没工作也能领补贴：只要培训期间或取得证书后四个月内在上海就业并缴社保就行。',
    body:
      '上海市人力资源和社会保障局发布《沪人社职〔2024〕70号》，说明农民工在上海参加职业技能培训怎么享受补贴。\n' +
      '要点：\n' +
      '一、培训时还没就业的学员，只要在培训期间，或者取得证书后四个月内，在上海就业并缴纳上海社会保险，也可以享受补贴（第（三）项）。\n' +
      '二、补贴按职业技能等级分档，紧缺职业还有上浮。具体金额以上海市公布的目录为准。\n' +
      '三、申请可以线上办理，能通过数据查到的信息不再要求重复提交。\n' +
      '原文以上海市人社局发布的文件为准。',
    issuer: '上海市人力资源和社会保障局',
    docNumber: '沪人社职〔2024〕70号',
    regions: ['31'],
    tags: ['subsidy:training', 'subsidy:evaluation', 'group:employed_migrant', 'group:flexible_migrant'],
    publishedOn: '2024-02-27',
    validUntil: null
  },
  {
    id: 'ntc_shanxi208',
    title: '山西：以工代训政策',
    summary: '企业招用农民工并在岗位上边干边培训的，企业可以按规定申请以工代训补贴，工人不用脱产上课。',
    body:
      '山西省人力资源和社会保障厅办公室 2020 年印发《晋人社办函〔2020〕208号》，推行“以工代训”。\n' +
      '意思是：企业招用农民工等人员后，在工作岗位上边干边培训，企业可以按规定申请以工代训补贴。\n' +
      '对工人来说：不用脱产上课，上班就是学习；想了解你的单位是否参加，可以问单位人事或当地就业服务中心。\n' +
      '发文日期和具体标准以原文为准；这项政策是否仍在执行，请以当地人社部门的最新规定为准。',
    issuer: '山西省人力资源和社会保障厅办公室',
    docNumber: '晋人社办函〔2020〕208号',
    regions: ['14'],
    tags: ['subsidy:training', 'group:employed_migrant', 'group:rural_migrant'],
    // the document is of 2020; its day is not in hand, so only the year is shown
    publishedOn: '2020-01-01',
    publishedPrecision: 'year',
    validUntil: null
  },
  {
    id: 'ntc_yuxian2611',
    title: '盂县冬季送培训下乡：养老护理、电工班报名',
    summary: '12 月起，县里把养老护理和电工培训送到乡镇，晚上和周末上课，符合条件的可免费学并领补贴。',
    body:
      '盂县人力资源和社会保障局今冬组织“送培训下乡”：\n' +
      '一、课程：养老护理员（初级）、电工（初级）。\n' +
      '二、地点：各乡镇便民服务中心，开班前一周通知具体地点。\n' +
      '三、时间：12 月起，晚上 7 点到 9 点，周六周日全天。\n' +
      '四、谁能报：在盂县的农村转移劳动力、返乡农民工、脱贫劳动力等。\n' +
      '五、怎么报：在“找课程”里搜“盂县”直接报名，或到村委会登记。\n' +
      '培训合格并取得证书的，可以按规定申请补贴。',
    issuer: '盂县人力资源和社会保障局',
    docNumber: '',
    regions: ['140322'],
    tags: ['subsidy:training', 'group:rural_migrant', 'group:returnee', 'group:poverty_alleviated', 'trade:eldercare', 'trade:electrical_welding'],
    publishedOn: '2026-11-20',
    validUntil: '2026-12-31'
  },
  {
    id: 'ntc_yqcq2611',
    title: '城区零工市场：晚班技能提升课开课',
    summary: '在零工市场找活的朋友，下班后可以来学家政和保洁技能，学完考证能申请补贴。',
    body:
      '阳泉市城区零工市场就业服务站开设晚班技能提升课：\n' +
      '一、课程：家政服务员、保洁员。\n' +
      '二、时间：每周一、三、五晚上 7 点到 9 点。\n' +
      '三、地点：城区零工市场二楼培训室。\n' +
      '四、报名：到服务站窗口登记，或在小程序“找课程”里报名。\n' +
      '取得证书后可按规定申请技能评价补贴。',
    issuer: '阳泉市城区人力资源和社会保障局',
    docNumber: '',
    regions: ['140302'],
    tags: ['subsidy:evaluation', 'group:flexible_migrant', 'trade:housekeeping'],
    publishedOn: '2026-11-10',
    validUntil: '2027-01-31'
  },
  {
    id: 'ntc_yqclaim2610',
    title: '提醒：拿到证书一年内申请补贴',
    summary: '拿到职业技能等级证书后，一般要在 12 个月内申请补贴，过期就不能领了，请尽早办理。',
    body:
      '阳泉市就业服务中心提醒：\n' +
      '一、取得职业技能等级证书或专项职业能力证书后，一般应在证书发证之日起 12 个月内申请补贴。\n' +
      '二、申请时能通过系统查到的证书，不用再交复印件。\n' +
      '三、同一职业同一等级，同一年内只能享受一次补贴。\n' +
      '不清楚自己能不能领，可以在小程序里看“补贴进度”，或拨打 12333。',
    issuer: '阳泉市就业服务中心',
    docNumber: '',
    regions: ['1403'],
    tags: ['subsidy:evaluation'],
    publishedOn: '2026-10-15',
    validUntil: null
  },
  {
    id: 'ntc_xinzhou2609',
    title: '忻州：家政服务员培训，脱贫劳动力优先',
    summary: '忻州市开办家政服务员培训，脱贫劳动力优先报名，培训期间可以领生活费补贴。',
    body:
      '忻州市人力资源和社会保障局组织家政服务员（育婴、保洁方向）培训：\n' +
      '一、脱贫劳动力（含防止返贫监测对象）、就业困难人员优先。\n' +
      '二、符合条件的学员，培训期间可以按规定领取生活费补贴。\n' +
      '三、培训结束后推荐到太原、北京等地的家政企业就业。\n' +
      '报名请到户籍所在县（市、区）就业服务中心。',
    issuer: '忻州市人力资源和社会保障局',
    docNumber: '',
    regions: ['1409'],
    tags: ['subsidy:training', 'subsidy:living', 'group:poverty_alleviated', 'group:hard_to_employ', 'trade:housekeeping', 'trade:childcare'],
    publishedOn: '2026-09-20',
    validUntil: '2026-12-31'
  },
  {
    id: 'ntc_pudong2610',
    title: '浦东：网约配送员新职业培训',
    summary: '跑外卖、跑配送的朋友，可以报名网约配送员培训，线上学为主，考证后按上海规定申请补贴。',
    body:
      '浦东新区人力资源和社会保障局联合平台企业开展网约配送员新职业培训：\n' +
      '一、方式：线上学习为主，线下集中考核一次。\n' +
      '二、谁能报：在浦东从事网约配送的灵活就业人员。\n' +
      '三、补贴：取得证书后，按上海市的规定申请（见沪人社职〔2024〕70号）。',
    issuer: '上海市浦东新区人力资源和社会保障局',
    docNumber: '',
    regions: ['310115'],
    tags: ['subsidy:training', 'group:flexible_migrant', 'trade:ride_delivery'],
    publishedOn: '2026-10-28',
    validUntil: null
  },
  {
    id: 'ntc_shenyang2611',
    title: '沈阳：培训期间生活费补贴怎么领',
    summary: '脱贫劳动力、就业困难人员等在沈阳参加培训，培训期间的生活费补贴结业后一起申请。',
    body:
      '沈阳市就业服务中心说明生活费补贴的申领：\n' +
      '一、谁能领：脱贫劳动力（含监测对象）、就业困难人员、零就业家庭成员、未继续升学的初高中毕业生（人社厅发〔2023〕55号 第九条）。\n' +
      '二、什么时候领：培训结业后，和培训补贴一起申请。\n' +
      '三、标准：按沈阳市公布的标准执行。',
    issuer: '沈阳市就业服务中心',
    docNumber: '',
    regions: ['2101'],
    tags: ['subsidy:living', 'group:poverty_alleviated', 'group:hard_to_employ', 'group:zero_employment_family'],
    publishedOn: '2026-11-05',
    validUntil: null
  }
]

export async function seedNotices(db: Queryable): Promise<void> {
  await db.query(
    // published_at: 09:00 China time (01:00 UTC) of the document's date
    `INSERT INTO notices (id, title, summary, body, issuer, doc_number, regions, tags, published_on, published_precision, published_at, valid_until, fanout, created_by)
     SELECT id, title, summary, body, issuer, doc_number, regions, tags, published_on, published_precision, (published_on::timestamp + interval '1 hour') AT TIME ZONE 'UTC',
       valid_until, 'done', 'seed'
     FROM jsonb_to_recordset($1::jsonb) AS x(id text, title text, summary text, body text, issuer text, doc_number text,
       regions text[], tags text[], published_on date, published_precision text, valid_until date)
     ON CONFLICT (id) DO NOTHING`,
    [
      JSON.stringify(
        SEED_NOTICES.map((n) => ({
          id: n.id,
          title: n.title,
          summary: n.summary,
          body: n.body,
          issuer: n.issuer,
          doc_number: n.docNumber,
          regions: n.regions,
          tags: n.tags,
          published_on: n.publishedOn,
          published_precision: n.publishedPrecision ?? 'day',
          valid_until: n.validUntil
        }))
      )
    ]
  )
}
