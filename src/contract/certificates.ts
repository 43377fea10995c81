/** Certificates, uploads and the public checks (证书真伪 / 机构备案 without login). */
import { Type, type Static } from '@sinclair/typebox'
import { enumOf, OkSchema, type RouteContract } from './common'
import { CERTIFICATE_KIND_LIST, CERTIFICATE_LEVELS, VERIFICATIONS } from '../domain/certificate'

export const CertKindSchema = enumOf(CERTIFICATE_KIND_LIST, '证书类型')
export const CertLevelSchema = enumOf(CERTIFICATE_LEVELS, '等级')
export const VerificationSchema = enumOf(VERIFICATIONS, '核验状态')
const OCCUPATION_PATTERN = '^[0-9]-[0-9]{2}-[0-9]{2}-[0-9]{2}$'
const DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
export const FileIdSchema = Type.String({ pattern: '^fil_[0-9a-z]{1,24}$', title: '照片' })

/** 内容安全 of a photo: 待检测 (only its owner sees it), 已通过, 未通过 (hidden from everyone; retake it) */
export const PhotoSafetySchema = Type.Union([Type.Literal('pending'), Type.Literal('passed'), Type.Literal('refused')])
export type PhotoSafety = Static<typeof PhotoSafetySchema>

export const UploadSchema = Type.Object({
  id: Type.String(),
  /** `/api/v1/files/{id}`: readable by the owner (and by those a capability grants, e.g. reviewers) */
  url: Type.String(),
  contentType: Type.Literal('image/jpeg'),
  bytes: Type.Integer(),
  width: Type.Integer(),
  height: Type.Integer(),
  /** always pending on upload: WeChat's check answers later */
  safety: PhotoSafetySchema
})
export type Upload = Static<typeof UploadSchema>

export const CertificateSchema = Type.Object({
  id: Type.String(),
  kind: CertKindSchema,
  number: Type.String(),
  occupationCode: Type.String(),
  occupationName: Type.String(),
  /** '5' … '1', '0' = 特级技师; null for kinds without levels (专项职业能力, 培训合格, 特种作业) */
  level: Type.Union([CertLevelSchema, Type.Null()]),
  /** YYYY-MM-DD */
  issuedOn: Type.String(),
  issuer: Type.String(),
  source: Type.Union([Type.Literal('registry'), Type.Literal('upload')]),
  verification: VerificationSchema,
  /** upload ids (fil_…), front first */
  photos: Type.Array(Type.String()),
  /** 内容安全 of each photo, same order as photos */
  photoChecks: Type.Array(Type.Object({ id: Type.String(), safety: PhotoSafetySchema })),
  createdAt: Type.String(),
  /** false once a subsidy claim uses it (claims capability); only hand-added unused ones can be deleted */
  canDelete: Type.Boolean(),
  /** a reviewer's 人工核验 decision (null while none): 核验通过, or 核验不通过 with the reason the worker acts on */
  review: Type.Optional(
    Type.Union([
      Type.Object({
        outcome: Type.Union([Type.Literal('verified'), Type.Literal('rejected')]),
        reason: Type.Union([Type.String(), Type.Null()]),
        decidedAt: Type.String(),
        office: Type.String()
      }),
      Type.Null()
    ])
  )
})
export type Certificate = Static<typeof CertificateSchema>
export const CertificateListSchema = Type.Object({ items: Type.Array(CertificateSchema) })
export type CertificateList = Static<typeof CertificateListSchema>

export const CertificateCreateSchema = Type.Object(
  {
    kind: CertKindSchema,
    number: Type.String({ minLength: 1, maxLength: 40, title: '证书编号' }),
    occupationCode: Type.String({ pattern: OCCUPATION_PATTERN, title: '工种' }),
    level: Type.Optional(Type.Union([CertLevelSchema, Type.Null()])),
    issuedOn: Type.String({ pattern: DATE_PATTERN, title: '发证日期' }),
    issuer: Type.String({ minLength: 2, maxLength: 60, title: '发证机构' }),
    photos: Type.Array(FileIdSchema, { minItems: 1, maxItems: 3, uniqueItems: true, title: '证书照片' })
  },
  { additionalProperties: false }
)
export type CertificateCreate = Static<typeof CertificateCreateSchema>

export const LookupResultSchema = Type.Object({
  /** how many the registry returned / how many were new */
  found: Type.Integer(),
  imported: Type.Integer(),
  items: Type.Array(CertificateSchema)
})
export type LookupResult = Static<typeof LookupResultSchema>

export const CertificateVerifyQuerySchema = Type.Object(
  {
    number: Type.String({ minLength: 1, maxLength: 40, title: '证书编号' }),
    name: Type.String({ minLength: 1, maxLength: 20, title: '持证人姓名' })
  },
  { additionalProperties: false }
)
export const CertificateVerifySchema = Type.Object({
  found: Type.Boolean(),
  /** present when found; never an ID number */
  certificate: Type.Optional(
    Type.Object({
      holderMasked: Type.String(),
      kind: CertKindSchema,
      number: Type.String(),
      occupationName: Type.String(),
      level: Type.Union([CertLevelSchema, Type.Null()]),
      issuer: Type.String(),
      issuedOn: Type.String()
    })
  ),
  /** one plain sentence for the result */
  message: Type.String()
})
export type CertificateVerify = Static<typeof CertificateVerifySchema>

export const InstitutionVerifyQuerySchema = Type.Object(
  { q: Type.String({ minLength: 2, maxLength: 60, title: '机构名称或统一社会信用代码' }) },
  { additionalProperties: false }
)
export const InstitutionFilingSchema = Type.Object({
  name: Type.String(),
  creditCode: Type.String(),
  status: Type.Union([Type.Literal('filed'), Type.Literal('cancelled')]),
  statusLabel: Type.String(),
  filingNo: Type.Union([Type.String(), Type.Null()]),
  regionName: Type.String(),
  /** YYYY-MM-DD */
  filedOn: Type.String(),
  cancelledOn: Type.Union([Type.String(), Type.Null()])
})
export type InstitutionFiling = Static<typeof InstitutionFilingSchema>
export const InstitutionVerifySchema = Type.Object({
  items: Type.Array(InstitutionFilingSchema),
  message: Type.String(),
  /** what 包过 scams look like and where to report them */
  scamWarning: Type.String()
})
export type InstitutionVerify = Static<typeof InstitutionVerifySchema>

// ───────── 人工核验: reviewers of the certificate's region (server/certificates/review.ts) ─────────

export const CertReviewQuerySchema = Type.Object(
  {
    /** pending (default) = 待人工核验; decided = what this region decided recently */
    status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('decided')], { title: '核验状态' })),
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$', title: '翻页标记' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, title: '每页条数' }))
  },
  { additionalProperties: false }
)

export const CertReviewSummarySchema = Type.Object({
  id: Type.String(),
  holderMasked: Type.String(),
  kindLabel: Type.String(),
  /** e.g. 育婴员 · 四级 */
  title: Type.String(),
  issuedOn: Type.String(),
  /** when it started waiting */
  requestedAt: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  photoCount: Type.Integer(),
  verification: VerificationSchema,
  verificationLabel: Type.String(),
  /** a subsidy claim already relies on it (e.g. its registry record went back to 待人工核验) */
  usedByClaim: Type.Boolean()
})
export type CertReviewSummary = Static<typeof CertReviewSummarySchema>
export const CertReviewQueueSchema = Type.Object({
  items: Type.Array(CertReviewSummarySchema),
  /** how many wait in the reviewer's region */
  pendingCount: Type.Integer(),
  nextCursor: Type.Union([Type.String(), Type.Null()])
})
export type CertReviewQueue = Static<typeof CertReviewQueueSchema>

export const CertReviewSchema = Type.Object({
  id: Type.String(),
  kind: CertKindSchema,
  kindLabel: Type.String(),
  /** the full number: the reviewer compares it with the photo */
  number: Type.String(),
  /** what the number itself says (province, year, level), one line each */
  numberFacts: Type.Array(Type.String()),
  occupationName: Type.String(),
  level: Type.Union([CertLevelSchema, Type.Null()]),
  levelLabel: Type.String(),
  issuedOn: Type.String(),
  issuer: Type.String(),
  sourceLabel: Type.String(),
  /** holder data masked: 王*英, 1403**********0021 */
  holderMasked: Type.String(),
  idNumberMasked: Type.Union([Type.String(), Type.Null()]),
  regionCode: Type.String(),
  regionName: Type.String(),
  /** the national registry asked again by number, one plain sentence */
  registryNote: Type.String(),
  /** photos that passed 内容安全 only: a pending or refused one is never evidence */
  photoFileIds: Type.Array(Type.String()),
  /** photos left out because they are still 待检测 or were refused */
  photosWithheld: Type.Integer(),
  requestedAt: Type.String(),
  verification: VerificationSchema,
  verificationLabel: Type.String(),
  usedByClaim: Type.Boolean(),
  review: Type.Union([
    Type.Object({
      outcome: Type.Union([Type.Literal('verified'), Type.Literal('rejected')]),
      reason: Type.Union([Type.String(), Type.Null()]),
      decidedAt: Type.String(),
      office: Type.String(),
      /** the deciding reviewer is the caller */
      byMe: Type.Boolean()
    }),
    Type.Null()
  ]),
  /** false with `refusal` when this reviewer may not decide (e.g. their own certificate) */
  canDecide: Type.Boolean(),
  refusal: Type.Union([Type.String(), Type.Null()])
})
export type CertReview = Static<typeof CertReviewSchema>

export const CertDecisionBodySchema = Type.Object(
  {
    /** verified = 核验通过 (then claimable); rejected = 核验不通过 (reason required) */
    to: Type.Union([Type.Literal('verified'), Type.Literal('rejected')], { title: '核验结论' }),
    reason: Type.Optional(Type.String({ maxLength: 200, title: '原因' }))
  },
  { additionalProperties: false }
)
export type CertDecisionBody = Static<typeof CertDecisionBodySchema>

const CertIdParams = Type.Object({ id: Type.String({ pattern: '^crt_[0-9a-z]{1,24}$', title: '证书' }) }, { additionalProperties: false })
const FileIdParams = Type.Object({ id: FileIdSchema }, { additionalProperties: false })

export const certificatesRoutes = {
  createUpload: {
    multipart: true,
    rateLimited: true,
    method: 'POST',
    url: '/api/v1/uploads',
    summary: '上传照片（multipart，字段 file；JPEG/PNG/WebP/HEIC，≤10MB；重新编码为 JPEG 并去除全部元数据）',
    auth: true,
    successStatus: 201,
    response: UploadSchema
  },
  getFile: {
    produces: 'image/jpeg',
    method: 'GET',
    url: '/api/v1/files/:id',
    summary: '读取照片（本人及有权查看的人；Cache-Control: private, no-store）',
    auth: true,
    params: FileIdParams,
    response: Type.Any({ description: 'image/jpeg' })
  },
  myCertificates: { method: 'GET', url: '/api/v1/me/certificates', summary: '我的证书', auth: true, response: CertificateListSchema },
  addCertificate: {
    method: 'POST',
    url: '/api/v1/me/certificates',
    summary: '手动添加证书（需 Idempotency-Key；编号在联网库中查到则为已联网核验）',
    auth: true,
    idempotent: true,
    successStatus: 201,
    body: CertificateCreateSchema,
    response: CertificateSchema
  },
  lookupCertificates: {
    method: 'POST',
    url: '/api/v1/me/certificates/lookup',
    summary: '一键查询：按实名信息从全国联网查询导入证书（重复查询不重复导入）',
    auth: true,
    response: LookupResultSchema
  },
  getCertificate: { method: 'GET', url: '/api/v1/me/certificates/:id', summary: '证书详情', auth: true, params: CertIdParams, response: CertificateSchema },
  deleteCertificate: {
    method: 'DELETE',
    url: '/api/v1/me/certificates/:id',
    summary: '删除手动添加且未使用的证书',
    auth: true,
    params: CertIdParams,
    response: OkSchema
  },
  reviewCertificateQueue: {
    method: 'GET',
    url: '/api/v1/review/certificates',
    summary: '审核员：本地区待人工核验的证书（最早提交的在前；status=decided 为已核验的）',
    auth: true,
    querystring: CertReviewQuerySchema,
    response: CertReviewQueueSchema
  },
  reviewCertificate: {
    method: 'GET',
    url: '/api/v1/review/certificates/:id',
    summary: '审核员：一本待核验证书（持证人信息打码，照片，编号解析，联网库复查）；其他地区的 404',
    auth: true,
    params: CertIdParams,
    response: CertReviewSchema
  },
  decideCertificate: {
    method: 'POST',
    url: '/api/v1/review/certificates/:id/decisions',
    summary: '审核员：核验通过 / 核验不通过（须写原因）；同一结论重复提交返回原结果，相反结论 409',
    auth: true,
    params: CertIdParams,
    body: CertDecisionBodySchema,
    response: CertReviewSchema
  },
  verifyCertificatePublic: {
    rateLimited: true,
    method: 'GET',
    url: '/api/v1/public/certificates/verify',
    summary: '证书真伪查询（无需登录；按客户端限流）',
    querystring: CertificateVerifyQuerySchema,
    response: CertificateVerifySchema
  },
  verifyInstitutionPublic: {
    rateLimited: true,
    method: 'GET',
    url: '/api/v1/public/institutions/verify',
    summary: '培训机构备案查询（无需登录；按客户端限流）',
    querystring: InstitutionVerifyQuerySchema,
    response: InstitutionVerifySchema
  }
} as const satisfies Record<string, RouteContract>
