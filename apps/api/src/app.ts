import { readFileSync } from 'node:fs';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyLoggerOptions, type FastifyServerOptions } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { connectRedis } from './lib/redis.js';
import { analyticsRoutes } from './modules/analytics/analytics.routes.js';
import { AnalyticsService } from './modules/analytics/analytics.service.js';
import { AccessTokens } from './modules/auth/access-tokens.js';
import { AccountsService } from './modules/auth/accounts.service.js';
import { AttemptLimiter } from './modules/auth/attempt-limiter.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { AuthService } from './modules/auth/auth.service.js';
import { SessionCache } from './modules/auth/session-cache.js';
import { MemoryTokenDenylist, RedisTokenDenylist } from './modules/auth/token-denylist.js';
import { cartRoutes } from './modules/cart/cart.routes.js';
import { CartService } from './modules/cart/cart.service.js';
import { CacheFront } from './modules/catalog-cache/cache-front.js';
import { CatalogCache } from './modules/catalog-cache/catalog-cache.js';
import {
  type CacheInvalidation,
  type CacheTopic,
  localInvalidation,
  PostgresInvalidation,
  RedisInvalidation,
} from './modules/catalog-cache/invalidation.js';
import { categoriesRoutes } from './modules/categories/categories.routes.js';
import { CategoriesService } from './modules/categories/categories.service.js';
import { auditLogRoutes } from './modules/events/audit-log.routes.js';
import { EventRelay } from './modules/events/event-relay.js';
import { KafkaSink } from './modules/events/kafka-sink.js';
import { outboxBacklog } from './modules/events/outbox-status.js';
import { parkedEventsRoutes } from './modules/events/parked-events.routes.js';
import { healthRoutes, type ReadinessCheck, type ReadinessReport } from './modules/health/health.routes.js';
import { LocalImageStorage } from './modules/images/image-storage.js';
import { imagesRoutes } from './modules/images/images.routes.js';
import { ImagesService } from './modules/images/images.service.js';
import { uploadsRoutes } from './modules/images/uploads.routes.js';
import { failedMailRoutes } from './modules/mail/failed-mail.routes.js';
import { fileTransport, type MailTransport, smtpTransport } from './modules/mail/mail.transport.js';
import { MailWorker } from './modules/mail/mail.worker.js';
import { MaintenanceJob } from './modules/maintenance/maintenance.job.js';
import { ordersRoutes } from './modules/orders/orders.routes.js';
import { OrdersService } from './modules/orders/orders.service.js';
import { hasPurchased } from './modules/orders/purchases.js';
import { productsRoutes } from './modules/products/products.routes.js';
import { ProductsService } from './modules/products/products.service.js';
import { reviewsRoutes } from './modules/reviews/reviews.routes.js';
import { ReviewsService } from './modules/reviews/reviews.service.js';
import { storeRoutes } from './modules/store/store.routes.js';
import { usersRoutes } from './modules/users/users.routes.js';
import { UsersService } from './modules/users/users.service.js';
import { authentication } from './plugins/authentication.js';
import { compression } from './plugins/compression.js';
import { clientErrorHandler, errorHandler, frameworkErrors } from './plugins/error-handler.js';
import { openApi } from './plugins/openapi.js';
import { rateLimit } from './plugins/rate-limit.js';
import { requestId, requestIdFrom } from './plugins/request-id.js';
import { validatorCompiler } from './plugins/request-validator.js';
import { serializerCompiler } from './plugins/response-serializer.js';
import { HSTS, httpsDetector, securityHeaders } from './plugins/security-headers.js';
import { traceAttributes } from './plugins/trace-attributes.js';
import { uploadsDir } from './startup.js';

export interface AppDependencies {
  config: Config;
  database: Database;
  /** Overrides the transport chosen from the configuration (tests use a real SMTP sink via SMTP_URL). */
  mailTransport?: MailTransport;
  /** Where logs go; defaults to stdout. */
  logStream?: NodeJS.WritableStream;
  /** Builds the catalog cache instead of the configuration (tests look at what it stores). */
  catalogCache?: (live: () => boolean) => CatalogCache;
}

const JSON_BODY_LIMIT = 100 * 1024;
const MAX_PARAM_LENGTH = 200;
// src/app.ts and dist/app.js both sit one level below the package.
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
];

/** Fastify's compiler factories, typed for ajv and fast-json-stringify; ours take zod schemas. */
const zodCompilers = {
  buildValidator: () => validatorCompiler,
  buildSerializer: () => serializerCompiler,
} as unknown as NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

/** Builds the whole API; `server.ts` only listens. The database must already be migrated. */
export async function buildApp({ config, database, mailTransport, logStream, catalogCache }: AppDependencies): Promise<FastifyInstance> {
  const logger: FastifyLoggerOptions & { redact: { paths: string[]; censor: string }; stream?: NodeJS.WritableStream } = {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  if (logStream) logger.stream = logStream;
  const isHttps = httpsDetector(config.trustProxy);
  // Trusted only while changes made on other instances can reach this one (see CacheInvalidation).
  const live = () => invalidation.listening;
  const cache = catalogCache ? catalogCache(live) : new CatalogCache(config.catalogCache, live);
  const overTls = ['strict-transport-security', HSTS];
  const front = cache.enabled
    ? new CacheFront({ cache, requestId: requestIdFrom, perRequestHeaders: (req) => (isHttps(req) ? overTls : []) })
    : undefined;
  const app = Fastify({
    logger,
    genReqId: requestIdFrom,
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    // Routing and HTTP-parser errors answer in the API's error shape too (error-handler.ts).
    frameworkErrors,
    clientErrorHandler,
    // Slugs may be 120 characters; past this a path segment is a 414, below it the schema decides.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Every route is validated and serialized through zod: with the compilers given here
    // Fastify never loads its default ones (ajv and fast-json-stringify, ~20 ms of each start;
    // build.mjs leaves them out of the bundle).
    schemaController: { compilersFactory: zodCompilers },
    ...(front ? { serverFactory: front.serverFactory } : {}),
  }).withTypeProvider<ZodTypeProvider>();
  front?.attach(app);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Only JSON bodies (and, where a route opts in, forms and uploads) are accepted: the rest is 415.
  app.removeContentTypeParser('text/plain');

  const { db } = database;
  // prom-client loads only when metrics are served (METRICS_PORT or METRICS_TOKEN).
  const metrics = config.metrics.enabled
    ? new (await import('./modules/metrics/metrics.js')).Metrics({
        database,
        cache,
        relaysEvents: config.kafkaBrokers.length > 0,
        logger: app.log,
      })
    : undefined;
  const redis: Redis | undefined = config.redis ? await connectRedis(config.redis) : undefined;

  const transport =
    mailTransport ??
    (config.mail.smtpUrl
      ? smtpTransport(config.mail.smtpUrl, config.mail.from)
      : fileTransport(`${config.dataDir}/mail`, config.mail.from, (file, mail) => {
          // The link is a developer's shortcut; in production a sign-in or reset link in a log
          // would let whoever reads the log take the account.
          const link = config.production ? undefined : /https?:\/\/\S+/.exec(mail.text)?.[0];
          app.log.info({ file, to: mail.to, subject: mail.subject, link }, 'mail written to file (SMTP_URL is not set)');
        }));
  const mailWorker = new MailWorker({
    db,
    transport,
    logger: app.log.child({ component: 'mail-worker' }),
    storeName: config.store.name,
    pollIntervalMs: config.mail.pollIntervalMs,
  });

  // Catalog responses and signed-in sessions are cached per process; a write clears them on
  // every instance (through Redis or PostgreSQL) before it is acknowledged.
  const sessionCache = new SessionCache(() => invalidation.listening);
  const clearCache = (topic: CacheTopic) => (topic === 'catalog' ? cache.clear() : sessionCache.clear());
  const invalidation: CacheInvalidation = redis
    ? new RedisInvalidation(redis, clearCache, app.log, metrics?.onInvalidationRoundTrip)
    : config.database.url
      ? new PostgresInvalidation(config.database.url, clearCache, app.log, metrics?.onInvalidationRoundTrip)
      : localInvalidation(clearCache);
  if (invalidation instanceof RedisInvalidation || invalidation instanceof PostgresInvalidation) await invalidation.start();
  const onSessionsChanged = () => invalidation.publish('sessions');

  const { loginPerMinute: perMinute, globalPerMinute } = config.rateLimit;
  const auth = new AuthService({
    db,
    accessTokens: new AccessTokens({
      secret: config.jwt.secret,
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ttlSeconds: config.jwt.accessTtlSeconds,
    }),
    denylist: redis ? new RedisTokenDenylist(redis) : new MemoryTokenDenylist(),
    loginLimiter: new AttemptLimiter('login', perMinute, redis),
    refreshTtlDays: config.jwt.refreshTtlDays,
    sessionMaxDays: config.jwt.sessionMaxDays,
    refreshReuseGraceSeconds: config.jwt.refreshReuseGraceSeconds,
    onRefreshGraceReuse: (sessionId) =>
      app.log.warn({ event: 'security.refresh_token_grace_reuse', sessionId }, 'a refresh token was used again within the grace period'),
    sessionCache,
    onSessionsChanged,
    onDenylistUnavailable: (err) => app.log.warn({ err }, 'token denylist unavailable; sessions are checked in the database'),
  });
  const accounts = new AccountsService({
    db,
    publicWebUrl: config.publicWebUrl,
    registerLimiter: new AttemptLimiter('register', perMinute, redis, globalPerMinute),
    forgotPasswordLimiter: new AttemptLimiter('forgot-password', perMinute, redis, globalPerMinute),
    resendVerificationLimiter: new AttemptLimiter('resend-verification', perMinute, redis, globalPerMinute),
    resetPasswordLimiter: new AttemptLimiter('reset-password', perMinute, redis, globalPerMinute),
    changePasswordLimiter: new AttemptLimiter('change-password', perMinute, redis, globalPerMinute),
    onMailQueued: () => mailWorker.wake(),
    onSessionsChanged,
  });
  const users = new UsersService({ db, onSessionsChanged });

  const storage = new LocalImageStorage(uploadsDir(config));
  const onCatalogChanged = () => invalidation.publish('catalog');
  const categories = new CategoriesService({ db, onCatalogChanged });
  const products = new ProductsService({ db, storage, lowStockThreshold: config.store.lowStockThreshold, onCatalogChanged });
  const images = new ImagesService({ db, storage, onCatalogChanged });
  const reviews = new ReviewsService({ db, hasPurchased, onCatalogChanged });
  const cart = new CartService({ db, currency: config.store.currency });
  const orders = new OrdersService({
    db,
    timezone: config.store.timezone,
    currency: config.store.currency,
    lowStockThreshold: config.store.lowStockThreshold,
    onMailQueued: () => mailWorker.wake(),
    onCatalogChanged,
    onCheckout: metrics?.onCheckout,
  });
  const analytics = new AnalyticsService({
    db,
    timezone: config.store.timezone,
    currency: config.store.currency,
    lowStockThreshold: config.store.lowStockThreshold,
  });
  // Domain events always feed the audit log; with KAFKA_BROKERS they are also relayed to Kafka.
  const kafka = config.kafkaBrokers.length ? await KafkaSink.fromBrokers(config.kafkaBrokers) : undefined;
  const eventRelay = kafka
    ? new EventRelay({
        db,
        sink: kafka,
        logger: app.log.child({ component: 'event-relay' }),
        pollIntervalMs: 1000,
        maxAttempts: config.eventRelay.maxAttempts,
        onDeliveryFailed: metrics?.onRelayFailed,
      })
    : undefined;

  const maintenance = new MaintenanceJob({
    db,
    logger: app.log.child({ component: 'maintenance' }),
    retentionDays: config.retentionDays,
    sessionMaxDays: config.jwt.sessionMaxDays,
  });

  // Only the database decides readiness: without Redis or Kafka the shop still sells (see docs/security.md).
  const readiness: ReadinessCheck[] = [{ name: 'database', check: () => database.ping() }];
  if (redis) readiness.push({ name: 'redis', check: async () => void (await redis.ping()), optional: true });
  if (kafka) readiness.push({ name: 'kafka', check: () => kafka.check(), optional: true });
  const reports: ReadinessReport[] = eventRelay ? [{ name: 'outbox', read: () => outboxBacklog(db) }] : [];

  await app.register(errorHandler);
  await app.register(requestId);
  if (config.tracing) await app.register(traceAttributes);
  if (metrics) {
    const { metricsPlugin } = await import('./modules/metrics/metrics.plugin.js');
    await app.register(metricsPlugin, { metrics, ...config.metrics });
  }
  await app.register(securityHeaders, { corsOrigins: config.corsOrigins, isHttps });
  await app.register(rateLimit, {
    perMinute: config.rateLimit.perMinute,
    redis,
    isCachedRead: (request) => request.method === 'GET' && request.headers.authorization === undefined && cache.has(request.url),
  });
  await app.register(cookie);
  // Before the routes: it hooks each route as it is added.
  await app.register(compression);
  await app.register(openApi, { version });
  await app.register(authentication, { auth });

  await app.register(healthRoutes, { checks: readiness, reports });
  await app.register(healthRoutes, { prefix: '/api/v1', checks: readiness, reports });
  await app.register(authRoutes, {
    prefix: '/api/v1/auth',
    auth,
    accounts,
    users,
    allowedOrigins: config.corsOrigins,
    secureCookies: config.production,
  });
  await app.register(usersRoutes, { prefix: '/api/v1/users', users });
  await app.register(storeRoutes, { prefix: '/api/v1/store', store: config.store });
  await app.register(categoriesRoutes, { prefix: '/api/v1/categories', categories, cache });
  await app.register(productsRoutes, { prefix: '/api/v1/products', products, cache });
  await app.register(imagesRoutes, { prefix: '/api/v1/products', images });
  await app.register(reviewsRoutes, { prefix: '/api/v1', reviews, cache });
  await app.register(uploadsRoutes, { root: storage.root });
  await app.register(cartRoutes, { prefix: '/api/v1/cart', cart });
  await app.register(ordersRoutes, { prefix: '/api/v1/orders', orders });
  await app.register(auditLogRoutes, { prefix: '/api/v1/admin', db, timezone: config.store.timezone });
  await app.register(parkedEventsRoutes, { prefix: '/api/v1/admin', db, onRetry: () => eventRelay?.wake() });
  await app.register(failedMailRoutes, { prefix: '/api/v1/admin', db, onRetry: () => mailWorker.wake() });
  await app.register(analyticsRoutes, { prefix: '/api/v1', analytics });

  app.addHook('onReady', async () => {
    mailWorker.start();
    eventRelay?.start();
    maintenance.start();
  });
  app.addHook('onClose', async () => {
    await mailWorker.stop();
    await eventRelay?.stop();
    await maintenance.stop();
    await invalidation.close();
    redis?.disconnect();
  });
  return app;
}
