import { randomBytes } from 'node:crypto';
import dotenv from 'dotenv';
import { z } from 'zod';

const booleanFlag = z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']).transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const commaList = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** Every environment variable the API reads; .env.example and the container files are checked against it. */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'must start with postgres:// or postgresql://' })
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
  DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, { message: 'must start with redis:// or rediss://' })
    .optional(),
  REDIS_KEY_PREFIX: z.string().default('emporium:'),
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(250),
  KAFKA_BROKERS: commaList.optional(),
  EVENT_RELAY_MAX_ATTEMPTS: z.coerce.number().int().min(2).max(1000).default(10),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, { message: 'must start with smtp:// or smtps://' })
    .optional(),
  MAIL_FROM: z.string().min(3).default('Emporium <no-reply@localhost>'),
  MAIL_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(2000),
  PUBLIC_WEB_URL: z.url().default('http://localhost:3000'),
  JWT_SECRET: z.string().optional(),
  JWT_ISSUER: z.string().default('emporium'),
  JWT_AUDIENCE: z.string().default('emporium-api'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  SESSION_MAX_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(8).max(128).optional(),
  CORS_ORIGINS: commaList.optional(),
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(5),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000_000).default(600),
  RATE_LIMIT_GLOBAL_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000_000).default(300),
  TRUST_PROXY: z.string().optional(),
  SEED_DEMO: booleanFlag.optional(),
  STORE_NAME: z.string().min(1).default('Emporium'),
  CATALOG_CACHE: z.enum(['on', 'off']).default('on'),
  LOW_STOCK_THRESHOLD: z.coerce.number().int().min(0).max(1_000_000).default(5),
  STORE_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, { message: 'must be a three-letter ISO 4217 code' })
    .default('USD'),
  STORE_TIMEZONE: z.string().refine(isTimeZone, { message: 'must be an IANA time zone such as Europe/Berlin' }).default('UTC'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_TOKEN: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('emporium-api'),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether `host` only accepts connections from this machine. Anything else (0.0.0.0, ::, a LAN
 * or public address, a name) is treated as reachable from elsewhere.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

/**
 * TRUST_PROXY: a hop count, `true` (one hop), or a comma list of proxy addresses/CIDRs.
 * Unset → X-Forwarded-* ignored. `true` never means Fastify's "trust everything": that takes
 * the left-most X-Forwarded-For entry, which the client wrote itself.
 */
function parseTrustProxy(value: string | undefined): false | string[] | ((address: string, hop: number) => boolean) {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true' || /^\d+$/.test(value)) {
    const hops = value === 'true' ? 1 : Number(value);
    return (_address, hop) => hop < hops;
  }
  return value.split(',').map((s) => s.trim());
}

export type Config = ReturnType<typeof toConfig>;

function toConfig(env: z.infer<typeof EnvSchema>) {
  const production = env.NODE_ENV === 'production';
  const embedded = env.DATABASE_URL === undefined;
  return {
    env: env.NODE_ENV,
    production,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    database: { url: env.DATABASE_URL, embedded, poolSize: env.DATABASE_POOL_SIZE, statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS },
    dataDir: env.DATA_DIR,
    redis: env.REDIS_URL
      ? { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX, commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS }
      : undefined,
    kafkaBrokers: env.KAFKA_BROKERS ?? [],
    eventRelay: { maxAttempts: env.EVENT_RELAY_MAX_ATTEMPTS },
    mail: {
      smtpUrl: env.SMTP_URL,
      from: env.MAIL_FROM,
      pollIntervalMs: env.MAIL_POLL_INTERVAL_MS,
    },
    publicWebUrl: env.PUBLIC_WEB_URL.replace(/\/+$/, ''),
    jwt: {
      // Dev-only: a random secret per process. Production refuses to start without one.
      secret: env.JWT_SECRET ?? randomBytes(48).toString('base64url'),
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      accessTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
      sessionMaxDays: env.SESSION_MAX_DAYS,
      refreshReuseGraceSeconds: env.REFRESH_REUSE_GRACE_SECONDS,
      secretIsGenerated: env.JWT_SECRET === undefined,
    },
    admin: env.ADMIN_EMAIL && env.ADMIN_PASSWORD ? { email: env.ADMIN_EMAIL.toLowerCase(), password: env.ADMIN_PASSWORD } : undefined,
    /** ADMIN_PASSWORD alone: used by `cli create-admin <email>`. */
    adminPassword: env.ADMIN_PASSWORD,
    corsOrigins: env.CORS_ORIGINS ?? [new URL(env.PUBLIC_WEB_URL).origin],
    rateLimit: {
      loginPerMinute: env.RATE_LIMIT_LOGIN_PER_MINUTE,
      perMinute: env.RATE_LIMIT_PER_MINUTE,
      globalPerMinute: env.RATE_LIMIT_GLOBAL_PER_MINUTE,
    },
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    /** Days sent mail and relayed events are kept before the maintenance job purges them. */
    retentionDays: env.RETENTION_DAYS,
    catalogCache: env.CATALOG_CACHE === 'on',
    // The demo's accounts have published passwords: on by default only where nobody else can reach them.
    seedDemo: production ? false : (env.SEED_DEMO ?? (embedded && isLoopbackHost(env.HOST))),
    /**
     * Prometheus metrics: on their own listener (METRICS_PORT) and/or at /metrics on the API
     * port with a bearer token (METRICS_TOKEN); neither set → not served at all.
     */
    metrics: {
      enabled: env.METRICS_PORT !== undefined || env.METRICS_TOKEN !== undefined,
      port: env.METRICS_PORT,
      host: env.METRICS_HOST,
      token: env.METRICS_TOKEN,
    },
    /** OpenTelemetry traces over OTLP/HTTP; undefined → no OpenTelemetry module is loaded. */
    tracing: env.OTEL_EXPORTER_OTLP_ENDPOINT
      ? { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, ''), serviceName: env.OTEL_SERVICE_NAME }
      : undefined,
    store: { name: env.STORE_NAME, currency: env.STORE_CURRENCY, timezone: env.STORE_TIMEZONE, lowStockThreshold: env.LOW_STOCK_THRESHOLD },
  };
}

export class ConfigError extends Error {}

/**
 * Parses the environment once. Throws a ConfigError whose message is one line naming
 * every bad variable; the caller prints it and exits.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production') {
    if (!e.JWT_SECRET || Buffer.byteLength(e.JWT_SECRET) < 32) {
      throw new ConfigError('Invalid configuration: JWT_SECRET of at least 32 bytes is required when NODE_ENV=production');
    }
    if (e.CORS_ORIGINS?.includes('*')) {
      throw new ConfigError('Invalid configuration: CORS_ORIGINS must list origins, not *');
    }
  } else if (e.JWT_SECRET !== undefined && Buffer.byteLength(e.JWT_SECRET) < 32) {
    throw new ConfigError('Invalid configuration: JWT_SECRET must be at least 32 bytes');
  }
  if (e.SEED_DEMO && e.NODE_ENV !== 'production' && !isLoopbackHost(e.HOST)) {
    throw new ConfigError(
      `Invalid configuration: SEED_DEMO creates accounts whose passwords are published (README); refusing to serve them on HOST=${e.HOST}, ` +
        'which other machines can reach. Use HOST=127.0.0.1 for the demo, or SEED_DEMO=false',
    );
  }
  if (e.ADMIN_EMAIL !== undefined && e.ADMIN_PASSWORD === undefined) {
    throw new ConfigError('Invalid configuration: ADMIN_EMAIL needs ADMIN_PASSWORD');
  }
  return toConfig(e);
}

/** Reads `.env` (when present, without overriding real variables) and the process environment. */
export function loadConfigFromEnvironment(): Config {
  dotenv.config({ quiet: true });
  return loadConfig(process.env);
}
