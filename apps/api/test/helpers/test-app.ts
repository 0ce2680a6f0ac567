import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { hashPassword } from '../../src/modules/auth/password.js';
import type { CatalogCache } from '../../src/modules/catalog-cache/catalog-cache.js';
import { insertUserUnlessEmailTaken } from '../../src/modules/users/users.repository.js';
import { MailSink } from './mail-sink.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestContext {
  app: FastifyInstance;
  db: Db;
  config: Config;
  mail: MailSink;
  testDatabase: TestDatabase;
  close(): Promise<void>;
}

/**
 * The whole API on a fresh database (embedded, or PostgreSQL when DATABASE_URL is set),
 * Redis when REDIS_URL is set (under a key prefix of its own), and a real SMTP sink.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { logStream?: NodeJS.WritableStream; poolSize?: number; catalogCache?: (live: () => boolean) => CatalogCache } = {},
): Promise<TestContext> {
  const mail = new MailSink();
  const smtpUrl = await mail.start();
  const statementTimeout = env.DATABASE_STATEMENT_TIMEOUT_MS;
  const testDatabase = await createTestDatabase({
    poolSize: options.poolSize,
    ...(statementTimeout ? { statementTimeoutMs: Number(statementTimeout) } : {}),
  });
  const config = loadConfig({
    NODE_ENV: 'test',
    SMTP_URL: smtpUrl,
    MAIL_POLL_INTERVAL_MS: '200',
    RATE_LIMIT_LOGIN_PER_MINUTE: '10000',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_GLOBAL_PER_MINUTE: '1000000',
    // A reused refresh token ends its session at once; tests of the grace period set their own.
    REFRESH_REUSE_GRACE_SECONDS: '0',
    JWT_SECRET: randomBytes(32).toString('hex'),
    PUBLIC_WEB_URL: 'http://shop.test',
    REDIS_URL: process.env.REDIS_URL,
    REDIS_KEY_PREFIX: `emporium-test:${randomBytes(4).toString('hex')}:`,
    DATABASE_URL: testDatabase.url,
    ...(process.env.TEST_LOG_LEVEL ? { LOG_LEVEL: process.env.TEST_LOG_LEVEL } : {}),
    ...env,
  });
  const app = await buildApp({
    config,
    database: testDatabase.database,
    logStream: options.logStream,
    catalogCache: options.catalogCache,
  });
  await app.ready();
  return {
    app,
    db: testDatabase.database.db,
    config,
    mail,
    testDatabase,
    async close() {
      await app.close();
      await testDatabase.drop();
      await mail.stop();
    },
  };
}

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomBytes(5).toString('hex')}@example.com`;
}

export const GOOD_PASSWORD = 'correct horse battery staple';

/** The opt-in of non-browser clients: login and refresh answer the refresh token in the body (and refresh reads it there). */
export const REFRESH_TOKEN_IN_BODY = { 'x-refresh-token-delivery': 'body' };

export interface SignedIn {
  id: string;
  email: string;
  accessToken: string;
  refreshToken: string;
  auth: { authorization: string };
}

export interface TwoInstances {
  ctx: TestContext;
  /** Another API process on the same database (and Redis): its own caches, connections and listeners. */
  other: FastifyInstance;
  /** An admin signed in on the first. */
  admin: SignedIn;
  close(): Promise<void>;
}

/** Two API instances sharing one database, as behind a load balancer (PostgreSQL only). */
export async function startTwoInstances(): Promise<TwoInstances> {
  const ctx = await startTestApp();
  const other = await buildApp({ config: { ...ctx.config, jwt: { ...ctx.config.jwt } }, database: ctx.testDatabase.database });
  await other.ready();
  const admin = await createUserAndSignIn(ctx, { role: 'admin' });
  return {
    ctx,
    other,
    admin,
    async close() {
      await other.close();
      await ctx.close();
    },
  };
}

/** Creates a user directly in the database (verified by default) and signs it in through the API. */
export async function createUserAndSignIn(
  ctx: TestContext,
  options: { role?: 'customer' | 'admin'; isVerified?: boolean; email?: string; password?: string } = {},
): Promise<SignedIn> {
  const email = options.email ?? uniqueEmail(options.role ?? 'customer');
  const password = options.password ?? GOOD_PASSWORD;
  const row = await insertUserUnlessEmailTaken(ctx.db, {
    email,
    fullName: 'Test Person',
    passwordHash: await hashPassword(password),
    role: options.role ?? 'customer',
    isVerified: options.isVerified ?? true,
  });
  if (!row) throw new Error(`user ${email} exists`);
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: REFRESH_TOKEN_IN_BODY,
    payload: { email, password },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  const body = res.json();
  if (typeof body.refreshToken !== 'string') throw new Error(`login answered no refresh token: ${res.body}`);
  return {
    id: row.id,
    email,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    auth: { authorization: `Bearer ${body.accessToken}` },
  };
}

/** Asserts the API.md error shape and returns the body. */
export function errorOf(res: LightMyRequestResponse): {
  error: string;
  detail: string;
  status: number;
  errors?: { field: string; message: string }[];
} {
  const body = res.json();
  for (const key of ['error', 'detail', 'status', 'path', 'timestamp', 'requestId']) {
    if (!(key in body)) throw new Error(`error body lacks ${key}: ${res.body}`);
  }
  if (body.status !== res.statusCode) throw new Error(`error body status ${body.status} != ${res.statusCode}`);
  return body;
}
