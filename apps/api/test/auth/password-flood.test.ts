import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { hashPassword } from '../../src/modules/auth/password.js';
import { insertUserUnlessEmailTaken } from '../../src/modules/users/users.repository.js';
import { errorOf, GOOD_PASSWORD, startTestApp, type TestContext, uniqueEmail } from '../helpers/test-app.js';

/** What hashing `count` passwords would take on this machine, in ms (measured, not assumed). */
async function hashingTime(count: number): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    await hashPassword(`${GOOD_PASSWORD} ${i}`);
    runs.push(performance.now() - start);
  }
  return (Math.min(...runs) * count) / availableParallelism();
}

/** CPU time (all of this process's threads, hashing included) spent by `work`, in ms. */
async function cpuTime(work: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/**
 * The CPU `count` hashes would cost. CPU time, unlike wall time, does not grow when other
 * processes crowd the machine, so the comparison holds on a busy test host.
 */
async function hashingCpu(count: number): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) runs.push(await cpuTime(() => hashPassword(`${GOOD_PASSWORD} cpu ${i}`)));
  return Math.min(...runs) * count;
}

describe('floods of password endpoints', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestApp();
  });
  after(() => ctx.close());

  it('when reset-password is flooded with made-up tokens, then none is hashed and a concurrent login still gets through quickly', async () => {
    const email = uniqueEmail('shopper');
    await insertUserUnlessEmailTaken(ctx.db, { email, fullName: 'S', passwordHash: await hashPassword(GOOD_PASSWORD), isVerified: true });
    const count = 300;
    // Hashing them would take at least this long (and the login would queue behind them).
    const budget = await hashingTime(count);
    // One more hash for the login itself.
    const cpuBudget = await hashingCpu(count + 1);

    const cpuBefore = process.cpuUsage();
    const flood = Array.from({ length: count }, (_, i) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/reset-password',
        payload: { token: randomBytes(32).toString('base64url'), password: `${GOOD_PASSWORD} ${i}` },
        remoteAddress: `10.40.${i >> 8}.${i & 255}`,
      }),
    );
    const loginStart = performance.now();
    const login = ctx.app
      .inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: GOOD_PASSWORD } })
      .then((res) => ({ res, ms: performance.now() - loginStart }));
    const answers = await Promise.all(flood);
    const { res, ms } = await login;
    const used = process.cpuUsage(cpuBefore);
    const floodCpu = (used.user + used.system) / 1000;

    for (const answer of answers) assert.equal(errorOf(answer).error, 'TOKEN_INVALID');
    assert.equal(res.statusCode, 200);
    assert.ok(floodCpu < cpuBudget, `the flood used ${Math.round(floodCpu)} ms of CPU; hashing it would use ~${Math.round(cpuBudget)} ms`);
    // Wall time on a shared host is noisy (the login also queues for the database behind the
    // flood), so this bound is loose; the CPU comparison above is what proves nothing was hashed.
    assert.ok(ms < 2 * budget, `the login took ${Math.round(ms)} ms during the flood`);
  });
});

describe('registration of a taken address', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestApp({ RATE_LIMIT_LOGIN_PER_MINUTE: '5' });
  });
  after(() => ctx.close());

  it('when registration is flooded with a taken address from many clients, then its owner gets at most a minute’s budget of mails', async () => {
    const email = uniqueEmail('taken');
    await insertUserUnlessEmailTaken(ctx.db, { email, fullName: 'T', passwordHash: 'x', isVerified: true });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { email, password: `${GOOD_PASSWORD} ${i}`, fullName: 'F' },
        remoteAddress: `10.41.0.${i + 1}`,
      });
      statuses.push(res.statusCode);
    }
    const limit = ctx.config.rateLimit.loginPerMinute;
    assert.deepEqual(statuses, [...Array(limit).fill(202), ...Array(12 - limit).fill(429)]);
    const mails = rowsOf<{ n: number }>(
      await ctx.db.execute(sql`select count(*)::int as n from mail_outbox where recipient = ${email} and template = 'account-exists'`),
    );
    assert.equal(mails[0]?.n, limit);
  });
});

describe('shop-wide budgets of password and mail endpoints', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestApp({ RATE_LIMIT_GLOBAL_PER_MINUTE: '3' });
  });
  after(() => ctx.close());

  it('when made-up reset tokens flood in from many clients, then they do not use up the shop-wide budget of real resets', async () => {
    for (let i = 0; i < 6; i++) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/reset-password',
        payload: { token: randomBytes(32).toString('base64url'), password: GOOD_PASSWORD },
        remoteAddress: `10.51.0.${i}`,
      });
      assert.equal(errorOf(res).error, 'TOKEN_INVALID', `attempt ${i + 1}`);
    }
  });

  it('when clients together exceed RATE_LIMIT_GLOBAL_PER_MINUTE at an endpoint, then a fresh client is refused too, and other endpoints are not', async () => {
    const endpoints = [
      { url: '/api/v1/auth/forgot-password', payload: () => ({ email: uniqueEmail() }) },
      { url: '/api/v1/auth/resend-verification', payload: () => ({ email: uniqueEmail() }) },
      { url: '/api/v1/auth/register', payload: () => ({ email: uniqueEmail(), password: GOOD_PASSWORD, fullName: 'G' }) },
    ];
    for (const [n, endpoint] of endpoints.entries()) {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await ctx.app.inject({
          method: 'POST',
          url: endpoint.url,
          payload: endpoint.payload(),
          remoteAddress: `10.50.${n}.${i}`,
        });
        statuses.push(res.statusCode);
      }
      assert.notEqual(statuses[2], 429, endpoint.url);
      assert.equal(statuses[3], 429, endpoint.url);
    }
  });
});
