/** Certificates, uploads and the public checks (issue 7). */
import { Type, type Static } from '@sinclair/typebox'
import { enumOf, OkSchema, type RouteContract } from './common'
import { CERTIFICATE_KIND_LIST, CERTIFICATE_LEVELS, VERIFICATIONS } from '../domain/certificate'

export const CertKindSchema = enumOf(CERTIFICATE_KIND_LIST, '证书类型')
export const CertLevelSchema = enumOf(CERTIFICATE_LEVELS, '等级')
export const VerificationSchema = enumOf(VERIFICATIONS, '核验状态')
const OCCUPATION_PATTERN = '^[0-9]-[0-9]{2}-[0-9]{2}-[0-9]{2}$'
const DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
export const FileIdSchema = Type.String({ pattern: '^fil_[0-9a-z]{1,24}$', title: '照片' })

export const UploadSchema = Type.Object({
  id: Type.String(),
  /** `/api/v1/files/{id}`: readable by the owner (and by those a capability grants, e.g. reviewers) */
  url: Type.String(),
  contentType: Type.Literal('image/jpeg'),
  bytes: Type.Integer(),
  width: Type.Integer(),
  height: Type.Integer()
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
  createdAt: Type.String(),
  /** false once a subsidy claim uses it (claims capability); only hand-added unused ones can be deleted */
  canDelete: Type.Boolean()
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

const CertIdParams = Type.Object({ id: Type.String({ pattern: '^crt_[0-9a-z]{1,24}$', title: '证书' }) }, { additionalProperties: false })
const FileIdParams = Type.Object({ id: FileIdSchema }, { additionalProperties: false })

export const certificatesRoutes = {
  createUpload: {
    method: 'POST',
    url: '/api/v1/uploads',
    summary: '上传照片（multipart，字段 file；JPEG/PNG/WebP/HEIC，≤10MB；重新编码为 JPEG 并去除全部元数据）',
    auth: true,
    successStatus: 201,
    response: UploadSchema
  },
  getFile: {
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
  verifyCertificatePublic: {
    method: 'GET',
    url: '/api/v1/public/certificates/verify',
    summary: '证书真伪查询（无需登录；按客户端限流）',
    querystring: CertificateVerifyQuerySchema,
    response: CertificateVerifySchema
  },
  verifyInstitutionPublic: {
    method: 'GET',
    url: '/api/v1/public/institutions/verify',
    summary: '培训机构备案查询（无需登录；按客户端限流）',
    querystring: InstitutionVerifyQuerySchema,
    response: InstitutionVerifySchema
  }
} as const satisfies Record<string, RouteContract>
