/** Routes of the certificate capability: uploads + files, 我的证书, public checks. One call from server/app.ts. */
import type { FastifyInstance, FastifyReply } from 'fastify'
import multipart from '@fastify/multipart'
import { routes } from '../../src/contract'
import { authenticate } from '../accounts'
import type { AccountsContext } from '../accounts'
import { requireIdempotencyKey } from '../platform'
import { requireConsent } from '../accounts'
import { certificateRegistryFromEnv, type CertificateRegistry } from '../adapters'
import { ApiError } from '../errors'
import { contractRoute, typed } from '../platform'
import { createFileStore, eraseFilesOf, uploadQuotaFromEnv, FILE_MESSAGES, listFilesOf, MAX_UPLOAD_BYTES, readFileFor, storeUpload, type FileStore } from '../files'
import { registerErasure, registerExport, registerIdentityChange } from '../accounts'
import { addCertificate, certificatesWithPhoto, CERT_MESSAGES, deleteCertificate, eraseCertificatesOf, getOwnedCertificate, listCertificates, lookupAndImport, resetRegistryCertificates, type CertificatesContext } from './index'
import { verifyCertificatePublic, verifyInstitutionPublic } from './public'
import { assignMissingReviewRegions, certificateLink, certificateFileAccessRule, certificateReviewQueue, decideCertificate, getCertificateReview } from './review'
import { notifierFromEnv, type Notifier } from '../adapters'
import { requireRole } from '../accounts'
import { addFileAccessRule } from '../files'
import { seedDevRegistry, seedInstitutionFilings } from './seed'
import { levelLabel } from '../../src/domain/certificate'

export interface CertificateOptions {
  fileStore?: FileStore
  registry?: CertificateRegistry
  /** PGlite folder; the local file store lives beside it */
  dataDir?: string
  env?: Record<string, string | undefined>
  /** subscribe messages for 人工核验 decisions (the claims foundation's Notifier); default from the environment */
  notifier?: Notifier
}

const privateNoStore = (reply: FastifyReply) => reply.header('cache-control', 'private, no-store')

export async function registerCertificates(app: FastifyInstance, accounts: AccountsContext, opts: CertificateOptions = {}): Promise<CertificatesContext> {
  const env = opts.env ?? process.env
  const registry = opts.registry ?? certificateRegistryFromEnv(env, { db: accounts.db, today: accounts.today })
  const store = opts.fileStore ?? createFileStore(env, { dataDir: opts.dataDir })
  const ctx: CertificatesContext = { ...accounts, registry, files: { db: accounts.db, store, now: accounts.now, uploadsPerDay: uploadQuotaFromEnv(env) } }
  if (registry.kind === 'dev') await seedDevRegistry(accounts.db, accounts.today())
  await seedInstitutionFilings(accounts.db)
  const review = { ...ctx, notifier: opts.notifier ?? notifierFromEnv(env) }
  await assignMissingReviewRegions(accounts.db, accounts.today())
  addFileAccessRule(accounts.db, certificateFileAccessRule(accounts.db))
  // a refused certificate photo: the worker is told which certificate needs a new one
  accounts.safety.describeRefusal(async (tx, file) => {
    const [cert] = await certificatesWithPhoto(tx, file.ownerUserId, file.id)
    if (!cert) return null
    const title = `${cert.occupationName}${cert.level ? ` ${levelLabel(cert.level)}` : ''}`
    return {
      kind: 'photo_refused',
      title: '证书照片需要重拍',
      body: `你为「${title}」证书上传的照片没有通过内容安全检测，已被隐藏，审核员也看不到。请在“我的证书”里删除这本证书，再对着证书重新拍照添加（只拍证书本身）。`,
      link: certificateLink(cert.id),
      refType: 'certificate',
      refId: cert.id
    }
  })

  // data rights (server/accounts/data-rights.ts): certificates and every stored photo the worker owns
  registerErasure(accounts.db, 'certificates', async (tx, userId) => {
    const certs = await eraseCertificatesOf(tx, userId)
    const keys = await eraseFilesOf(tx, userId)
    return {
      summary: `${certs} certificates, ${keys.length} files deleted`,
      afterCommit: async () => {
        for (const k of keys) await store.delete(k).catch(() => undefined)
      }
    }
  })
  registerExport(accounts.db, 'certificates', async (tx, user) => ({ certificates: await listCertificates(tx, user.id), files: await listFilesOf(tx, user.id) }))
  registerIdentityChange(accounts.db, 'certificates', resetRegistryCertificates)

  await app.register(async (scope) => {
    // multipart only in this scope: one file, nothing else, 10 MB
    await scope.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 0, parts: 1, fieldNameSize: 20, headerPairs: 20 } })
    scope.route({
      ...contractRoute(routes.createUpload),
      handler: async (req, reply) => {
        const user = await authenticate(ctx, req)
        // a certificate photo is personal data: not stored before consent
        await requireConsent(ctx.db, user.id)
        if (!req.isMultipart()) throw new ApiError(400, 'NO_FILE', FILE_MESSAGES.noFile)
        let data: Buffer
        try {
          const part = await req.file()
          if (!part || part.fieldname !== 'file') throw new ApiError(400, 'NO_FILE', FILE_MESSAGES.noFile)
          // part.filename and part.mimetype are ignored on purpose: the bytes decide, and the server names the file
          data = await part.toBuffer()
        } catch (err) {
          if (err instanceof ApiError) throw err
          const code = (err as { code?: string }).code
          if (code === 'FST_REQ_FILE_TOO_LARGE') throw new ApiError(413, 'FILE_TOO_LARGE', FILE_MESSAGES.tooLarge)
          if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new ApiError(400, 'ONE_FILE_ONLY', '一次只能上传一张照片')
          throw new ApiError(400, 'NO_FILE', FILE_MESSAGES.noFile)
        }
        const upload = await storeUpload(ctx.files, user.id, data)
        // 内容安全: 待检测 until the verdict arrives; nobody but the owner sees it before
        await ctx.safety.submitPhoto({ id: upload.id, ownerUserId: user.id })
        privateNoStore(reply)
        return reply.status(201).send(upload)
      }
    })
  })

  typed(app).route({
    ...contractRoute(routes.getFile),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      const file = await readFileFor(ctx.files, { userId: user.id }, req.params.id)
      privateNoStore(reply)
      reply.header('x-content-type-options', 'nosniff')
      reply.header('content-disposition', 'inline')
      reply.type(file.contentType)
      return reply.send(file.data)
    }
  })
  typed(app).route({
    ...contractRoute(routes.myCertificates),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      privateNoStore(reply)
      return { items: await listCertificates(ctx.db, user.id) }
    }
  })
  typed(app).route({
    ...contractRoute(routes.lookupCertificates),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      privateNoStore(reply)
      return lookupAndImport(ctx, user)
    }
  })
  typed(app).route({
    ...contractRoute(routes.addCertificate),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      const key = requireIdempotencyKey(req.headers['idempotency-key'])
      const result = await addCertificate(ctx, user, key, req.body)
      privateNoStore(reply)
      return reply.status(result.status).send(result.certificate)
    }
  })
  typed(app).route({
    ...contractRoute(routes.getCertificate),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      const cert = await getOwnedCertificate(ctx.db, user.id, req.params.id)
      if (!cert) throw new ApiError(404, 'NOT_FOUND', CERT_MESSAGES.notFound)
      privateNoStore(reply)
      return cert
    }
  })
  typed(app).route({
    ...contractRoute(routes.deleteCertificate),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      await deleteCertificate(ctx, user, req.params.id)
      privateNoStore(reply)
      return { ok: true as const }
    }
  })
  // 人工核验: reviewer role first (anyone else 403), then the certificate's region (elsewhere 404)
  typed(app).route({
    ...contractRoute(routes.reviewCertificateQueue),
    handler: async (req, reply) => {
      const auth = await requireRole(ctx, req, ['reviewer'])
      privateNoStore(reply)
      return certificateReviewQueue(review, auth, req.query)
    }
  })
  typed(app).route({
    ...contractRoute(routes.reviewCertificate),
    handler: async (req, reply) => {
      const auth = await requireRole(ctx, req, ['reviewer'])
      privateNoStore(reply)
      return getCertificateReview(review, auth, req.params.id)
    }
  })
  typed(app).route({
    ...contractRoute(routes.decideCertificate),
    handler: async (req, reply) => {
      const auth = await requireRole(ctx, req, ['reviewer'])
      privateNoStore(reply)
      return decideCertificate(review, auth, req.params.id, req.body)
    }
  })
  typed(app).route({
    ...contractRoute(routes.verifyCertificatePublic),
    handler: async (req, reply) => {
      const q = req.query
      reply.header('cache-control', 'no-store')
      return verifyCertificatePublic(ctx, req.ip, q.number, q.name)
    }
  })
  typed(app).route({
    ...contractRoute(routes.verifyInstitutionPublic),
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store')
      return verifyInstitutionPublic(ctx, req.ip, req.query.q)
    }
  })
  return ctx
}
