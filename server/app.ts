/**
 * The reference API server. `buildApp` wires routes onto a database and returns a Fastify instance
 * without listening (tests use `inject`); `openDb` connects, migrates and seeds.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import swagger from '@fastify/swagger'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ErrorBodySchema } from '../src/contract'
import { connect, type Db, type OpenDbOptions } from './db'
import { migrate } from './db/migrate'
import { seed, type SeedResult } from './seed'
import { clientErrorHandler, errorHandler, frameworkErrors, MESSAGES } from './errors'
import { registerHardening } from './ops/hardening'
import { registerMetrics } from './ops/metrics'
import { honestOpenapi } from './ops/openapi'
import { HOUSEKEEPING_JOB, registerHousekeeping } from './ops/housekeeping'
import { loadRegionIndex } from './catalog/regions'
import { registerConfigRoute, registerMetaRoutes } from './platform/meta-routes'
import { registerDevRoutes } from './platform'
import { registerCourseReminders } from './course-reminders'
import { registerCourseRoutes } from './catalog/routes'
import { hasH5Build, registerStatic } from './static'
import { registerAuthRoutes } from './accounts/auth-routes'
import { authenticate, sessionsFollowClock } from './accounts'
import { registerMeRoutes } from './accounts/me-routes'
import { registerEnrollmentRoutes } from './accounts/enrollment-routes'
import { registerNotices } from './notices'
import type { SpeechSynthesizer } from './adapters/speech'
import { registerStaffRoutes } from './staff/routes'
import { registerProxies } from './proxies'
import { registerStaffProxySetup } from './proxies/staff-setup'
import { BEARER_SCHEME } from './platform/contract-route'
import { createFieldCrypto, loadDataKey, loadPreviousDataKey, type FieldCrypto } from './crypto'
import { checkDataKey } from './ops/data-key'
import { adaptersFromEnv, type Adapters } from './adapters'
import { addDays } from '../src/domain/working-days'
import { createClock } from './clock'
import { createJobs, DUE_WORK_JOB } from './jobs'
import { flushNotifier, notifierFromEnv, type Notifier } from './adapters/notifier'
import { seedDevSocialInsurance, socialInsuranceFromEnv, type SocialInsuranceRegistry } from './adapters/social-insurance'
import { DEMO_INSTITUTION_PHONE, seedDemoAccounts, seedDemoInstitutionAccount } from './roles/seed'
import { registerClaimRoutes, registerClaimsFoundation } from './claims/routes'
import { registerCertificates } from './certificates/routes'
import { createFileStore, type FileStore } from './files'
import type { CertificateRegistry } from './adapters/certificate-registry'
import { contentSafetyFromEnv, type ContentSafetyConfig } from './adapters/content-safety'
import { createSafetyService } from './safety'
import { registerSafetyRoutes } from './safety/routes'
import { registerEvaluations } from './evaluations/routes'
import { pickDemoInstitution, registerTrainingRoutes, requireInstitutionStaff } from './training'

export const VERSION: string = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version

export interface BuildAppOptions {
  db: Db
  /** false (default) = silent; true or pino options = log (never query strings) */
  logger?: boolean | Record<string, unknown>
  /** Folder of the built H5 app (dist/h5); served with SPA fallback when it has an index.html */
  staticDir?: string
  /** Override "today" (YYYY-MM-DD, China time) — tests only */
  today?: () => string
  /** Override the wall clock — tests only */
  now?: () => Date
  /** Field encryption; default: key from DATA_KEY, else <dataDir>/secret.key, else random (in-memory DB) */
  crypto?: FieldCrypto
  /** PGlite data folder, where secret.key lives when DATA_KEY is not set */
  dataDir?: string
  /** WeChat login / SMS adapters; default from the environment (server/adapters/index.ts) */
  adapters?: Adapters
  /** Fastify trustProxy; default from TRUST_PROXY (off: X-Forwarded-For changes nothing) */
  trustProxy?: boolean | number | string
  /** Development conveniences (demo accounts, dev clock route); default: NODE_ENV is not production */
  devMode?: boolean
  /** false = no pg-boss queue (the due-work sweep still runs from the dev clock) */
  jobs?: boolean
  notifier?: Notifier
  /** Where the subscribe-message template ids are read (WX_TEMPLATE_*); default process.env */
  templateEnv?: Record<string, string | undefined>
  /** Read-aloud synthesiser; default from SPEECH_ADAPTER (server/adapters/speech.ts) */
  speech?: SpeechSynthesizer
  insurance?: SocialInsuranceRegistry
  /** Certificate capability: file store and registry adapter; default from the environment */
  fileStore?: FileStore
  certificateRegistry?: CertificateRegistry
  /** 内容安全 adapter and its WeChat push settings; default from CONTENT_SAFETY_ADAPTER (server/adapters/content-safety.ts) */
  contentSafety?: ContentSafetyConfig
}

/**
 * TRUST_PROXY: unset/false = off; true = trust every proxy (only behind a load balancer that overwrites
 * X-Forwarded-For); a number = that many hops; otherwise a comma list of proxy addresses/CIDRs.
 */
export function trustProxyFromEnv(value: string | undefined): boolean | number | string {
  const v = (value ?? '').trim()
  if (v === '' || v === 'false' || v === '0') return false
  if (v === 'true') return true
  if (/^[1-9][0-9]?$/.test(v)) return Number(v)
  return v
}

/** Request log line: method and path only. Query strings carry lat/lng, which must not be logged. */
export const requestSerializer = (req: { method?: string; url?: string }) => ({
  method: req.method,
  path: (req.url ?? '').split('?')[0]
})

/**
 * Error log line: type, code, message and stack only. Database errors carry the failing SQL's parameters
 * (`params`, `query`, `detail`), which may hold personal data — they are never logged.
 */
export const errorSerializer = (err: Error & { code?: unknown }) => ({
  type: err?.name,
  code: typeof err?.code === 'string' ? err.code : undefined,
  message: err?.message,
  stack: err?.stack
})

export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const logger: FastifyServerOptions['logger'] =
    opts.logger === undefined || opts.logger === false
      ? false
      : // the serializers log less than Fastify's declared shapes (no stack when absent); pino takes any function
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        { ...(opts.logger === true ? {} : opts.logger), serializers: { req: requestSerializer, err: errorSerializer } as Record<string, (value: any) => unknown> }
  const app = Fastify({
    logger,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false } },
    // maxParamLength keeps huge ids from reaching the handlers
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // a hop count is accepted at run time (Fastify docs) though its types list only boolean/string
    trustProxy: (opts.trustProxy ?? trustProxyFromEnv(process.env.TRUST_PROXY)) as boolean | string,
    // the router's and Node's own errors (bad URL, over-long id, oversized headers) in our { code, message }
    frameworkErrors,
    clientErrorHandler
  })

  app.setErrorHandler(errorHandler)
  registerHardening(app, { staticDir: opts.staticDir })
  app.decorate('metrics', registerMetrics(app, opts.db))
  app.addSchema(ErrorBodySchema)
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: '技能培训掌上办 API', description: '查找补贴性职业技能培训课程', version: VERSION },
      servers: [{ url: '/' }],
      components: { securitySchemes: { [BEARER_SCHEME]: { type: 'http', scheme: 'bearer', description: '登录后得到的不透明令牌' } } }
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) }
  })

  const regions = await loadRegionIndex(opts.db)
  // one file store for every capability (photos, read-aloud audio), probed by health
  const fileStore = opts.fileStore ?? createFileStore(process.env, { dataDir: opts.dataDir })
  registerMetaRoutes(app, { db: opts.db, regions, version: VERSION, fileStore })
  registerCourseRoutes(app, { db: opts.db, regions, today: opts.today })
  const crypto = opts.crypto ?? createFieldCrypto(loadDataKey({ dataDir: opts.dataDir }), loadPreviousDataKey())
  // before anything reads or writes an encrypted field: the wrong DATA_KEY refuses to start (DataKeyError)
  const keyState = await checkDataKey(opts.db, crypto)
  if (keyState === 'rotating') app.log.warn('data key rotation: reading with DATA_KEY_PREVIOUS where needed; finish with `npm run admin -- rekey`')
  const devMode = opts.devMode ?? process.env.NODE_ENV !== 'production'
  registerConfigRoute(app, { devMode, env: opts.templateEnv })
  // one clock for the server; in development its offset is shared through the database (POST /api/v1/dev/clock)
  const clock = createClock(opts.db, { base: opts.now, devOffset: devMode })
  await clock.refresh()
  const fixedToday = opts.today
  const safety = createSafetyService({
    db: opts.db,
    config: opts.contentSafety ?? contentSafetyFromEnv(process.env),
    now: () => clock.now(),
    sign: (value) => crypto.hmac('content-safety', value),
    log: (msg, data) => app.log.warn(data ?? {}, msg)
  })
  // verdicts still being applied finish before the database closes
  app.addHook('onClose', async () => safety.idle())
  app.decorate('safety', safety)
  const accounts = {
    db: opts.db,
    crypto,
    adapters: opts.adapters ?? adaptersFromEnv(process.env, { db: opts.db, hashPhone: (p: string) => crypto.hmac('phone', p) }),
    regions,
    today: fixedToday ? () => addDays(fixedToday(), clock.offsetDays()) : () => clock.today(),
    now: () => clock.now(),
    safety
  }
  let demoInstitutionId: string | null = null
  if (devMode) {
    await seedDemoAccounts(opts.db, crypto)
    demoInstitutionId = await seedDemoInstitutionAccount(opts.db, crypto, pickDemoInstitution(accounts.today()))
    await seedDevSocialInsurance(opts.db)
    // every instance follows the shared development clock (re-read at most once a second)
    app.addHook('onRequest', async () => clock.refreshIfStale(1000))
  }
  const jobs = await createJobs({ db: opts.db, clock, queue: opts.jobs !== false, onError: (err) => app.log.error({ err }, 'job error') })
  app.addHook('onClose', async () => jobs.stop())
  app.decorate('jobs', jobs)
  // hourly purge of expired SMS codes, sessions and idempotency keys (server/ops/housekeeping.ts)
  await registerHousekeeping(jobs, opts.db, () => clock.now(), (msg, data) => app.log.info(data, msg))
  app.metrics.addJobQueues(jobs.boss, [DUE_WORK_JOB, HOUSEKEEPING_JOB])
  const claims = {
    ...accounts,
    clock,
    jobs,
    devMode,
    notifier: opts.notifier ?? notifierFromEnv(process.env),
    insurance: opts.insurance ?? socialInsuranceFromEnv(opts.db, process.env)
  }
  registerAuthRoutes(app, accounts)
  registerMeRoutes(app, accounts)
  registerEnrollmentRoutes(app, accounts)
  registerClaimsFoundation(app, claims)
  if (devMode) {
    // development only: a production server has no /api/v1/dev/* routes at all
    registerDevRoutes(app, {
      db: opts.db,
      clock,
      today: claims.today,
      runDueWork: () => jobs.runDueWork(),
      flushNotifications: () => flushNotifier(opts.db, claims.notifier, claims.now),
      authenticate: (req) => authenticate(accounts, req),
      sessionsFollowClock: (tx, jumpMs) => sessionsFollowClock(tx, jumpMs),
      smsOutbox: accounts.adapters.devMode && accounts.adapters.sms.kind === 'dev' ? { hashPhone: (p) => crypto.hmac('phone', p) } : undefined
    })
  }
  registerClaimRoutes(app, claims)
  registerCourseReminders(claims)
  const certificates = await registerCertificates(app, accounts, { fileStore, registry: opts.certificateRegistry, dataDir: opts.dataDir, notifier: claims.notifier })
  registerSafetyRoutes(app, { db: opts.db, store: certificates.files.store, safety })
  // 职业技能等级认定: in development the demo institution account examines a seeded 阳泉 batch (evaluatorPhone)
  const evaluatorPhones = new Map(demoInstitutionId ? [[demoInstitutionId, DEMO_INSTITUTION_PHONE]] : [])
  await registerEvaluations(
    app,
    { ...claims, registry: certificates.registry, evaluatorPhones: async () => evaluatorPhones },
    { jobs, demoEvaluatorId: demoInstitutionId, requireInstitution: (req) => requireInstitutionStaff(accounts, req) }
  )
  jobs.registerSweep('safety', async (now) => ({ photosSubmitted: await safety.sweep(now) }))
  await registerNotices(app, claims, { fileStore, dataDir: opts.dataDir, speech: opts.speech })
  registerStaffRoutes(app, accounts)
  registerProxies(app, accounts)
  registerTrainingRoutes(app, accounts)
  registerStaffProxySetup(app, accounts)
  // generated once from the routes, then corrected from the contract (server/ops/openapi.ts)
  let openapi: Record<string, unknown> | null = null
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => (openapi ??= honestOpenapi(app.swagger() as Record<string, unknown>, { devMode })))

  const staticDir = opts.staticDir && hasH5Build(opts.staticDir) ? opts.staticDir : undefined
  if (staticDir) await registerStatic(app, staticDir)

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]
    if (staticDir && (req.method === 'GET' || req.method === 'HEAD') && !path.startsWith('/api/')) {
      reply.header('cache-control', 'no-cache')
      return reply.sendFile('index.html', staticDir)
    }
    return reply.status(404).send({ code: 'NOT_FOUND', message: MESSAGES.routeNotFound })
  })

  return app
}

export interface OpenDbResult {
  db: Db
  migrations: string[]
  seed: SeedResult
}

/** Connects (PGlite folder / in memory, or DATABASE_URL), applies migrations, seeds an empty catalogue. */
export async function openDb(opts: OpenDbOptions & { seedCourses?: number; today?: string } = {}): Promise<OpenDbResult> {
  const db = await connect(opts)
  const migrations = await migrate(db)
  const seeded = await seed(db, { courses: opts.seedCourses, today: opts.today })
  return { db, migrations, seed: seeded }
}
