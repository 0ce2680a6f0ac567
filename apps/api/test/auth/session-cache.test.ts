import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { users } from '../../src/db/schema/index.js';
import { type LiveSession, SessionCache } from '../../src/modules/auth/session-cache.js';
import {
  createUserAndSignIn,
  GOOD_PASSWORD,
  type SignedIn,
  startTwoInstances,
  type TestContext,
  type TwoInstances,
} from '../helpers/test-app.js';

const session = (role: LiveSession['role'] = 'customer'): LiveSession => ({
  userId: '00000000-0000-4000-8000-000000000001',
  role,
  email: 'a@example.com',
  isVerified: true,
  expiresAt: new Date(Date.now() + 3_600_000),
});

/** A read of the database that counts its calls. */
function counted(result: () => LiveSession | undefined) {
  const read = async () => {
    read.calls++;
    return result();
  };
  read.calls = 0;
  return read;
}

describe('session cache', () => {
  it('when a session was read, then the next request is answered without reading it again', async () => {
    const cache = new SessionCache(() => true);
    const read = counted(() => session());
    await cache.get('s1', read);
    await cache.get('s1', read);
    assert.equal(read.calls, 1);
    cache.clear();
    await cache.get('s1', read);
    assert.equal(read.calls, 2);
  });

  it('when a read began before a clear, then what it read is not kept', async () => {
    const cache = new SessionCache(() => true);
    let release: () => void = () => {};
    const slow = cache.get('s1', () => new Promise<LiveSession>((resolve) => (release = () => resolve(session('admin')))));
    cache.clear();
    release();
    assert.equal((await slow)?.role, 'admin');
    assert.equal((await cache.get('s1', async () => session('customer')))?.role, 'customer');
  });

  it('when no live session is found, or the session has expired, then nothing is kept', async () => {
    const cache = new SessionCache(() => true);
    const gone = counted(() => undefined);
    await cache.get('gone', gone);
    await cache.get('gone', gone);
    assert.equal(gone.calls, 2);
    const expired = counted(() => ({ ...session(), expiresAt: new Date(Date.now() - 1) }));
    await cache.get('old', expired);
    await cache.get('old', expired);
    assert.equal(expired.calls, 2);
  });

  it('when changes from other instances cannot be heard, then every request reads the database', async () => {
    let listening = false;
    const cache = new SessionCache(() => listening);
    const read = counted(() => session());
    await cache.get('s1', read);
    await cache.get('s1', read);
    assert.equal(read.calls, 2);
    assert.equal(cache.size, 0);
    listening = true;
    await cache.get('s1', read);
    await cache.get('s1', read);
    assert.equal(read.calls, 3);
  });
});

// Two processes sharing one database only exist on PostgreSQL.
const onPostgres = Boolean(process.env.DATABASE_URL);

describe('signed-in sessions across two API instances', { skip: !onPostgres && 'PostgreSQL only (set DATABASE_URL)' }, () => {
  let ctx: TestContext;
  let other: FastifyInstance;
  let admin: SignedIn;
  let instances: TwoInstances | undefined;
  before(async () => {
    instances = await startTwoInstances();
    ({ ctx, other, admin } = instances);
  });
  after(() => instances?.close());

  const on = (app: FastifyInstance, method: 'GET' | 'POST' | 'PATCH', url: string, who: SignedIn, payload?: object) =>
    app.inject({ method, url: `/api/v1${url}`, headers: who.auth, ...(payload ? { payload } : {}) });
  /** Signed in, with its session cached on the other instance. */
  const cachedOnOther = async () => {
    const user = await createUserAndSignIn(ctx);
    assert.equal((await on(other, 'GET', '/auth/me', user)).statusCode, 200);
    assert.equal((await on(other, 'GET', '/auth/me', user)).statusCode, 200);
    return user;
  };

  it('when an admin changes a role or deactivates a user on one instance, then the other knows on the next request', async () => {
    const user = await cachedOnOther();
    assert.equal((await on(other, 'GET', '/users/statistics', user)).statusCode, 403);
    // Written behind the API's back, no instance hears of it: the other answers from its cache.
    await ctx.db.update(users).set({ role: 'admin' }).where(eq(users.id, user.id));
    assert.equal((await on(other, 'GET', '/users/statistics', user)).statusCode, 403);
    assert.equal((await on(ctx.app, 'PATCH', `/users/${user.id}`, admin, { role: 'admin' })).statusCode, 200);
    assert.equal((await on(other, 'GET', '/users/statistics', user)).statusCode, 200);
    assert.equal((await on(ctx.app, 'PATCH', `/users/${user.id}`, admin, { role: 'customer' })).statusCode, 200);
    assert.equal((await on(other, 'GET', '/users/statistics', user)).statusCode, 403);
    assert.equal((await on(ctx.app, 'PATCH', `/users/${user.id}`, admin, { isActive: false })).statusCode, 200);
    assert.equal((await on(other, 'GET', '/auth/me', user)).statusCode, 401);
  });

  it('when a user signs out or changes their password on one instance, then the ended sessions stop working on the other at once', async () => {
    const user = await cachedOnOther();
    assert.equal((await on(ctx.app, 'POST', '/auth/logout', user)).statusCode, 204);
    assert.equal((await on(other, 'GET', '/auth/me', user)).statusCode, 401);

    const first = await cachedOnOther();
    const second = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: first.email, password: GOOD_PASSWORD },
    });
    const secondAuth = { ...first, auth: { authorization: `Bearer ${second.json().accessToken}` } };
    const changed = await on(ctx.app, 'POST', '/auth/change-password', secondAuth, {
      currentPassword: GOOD_PASSWORD,
      newPassword: 'an entirely new passphrase 42',
    });
    assert.equal(changed.statusCode, 204, changed.body);
    assert.equal((await on(other, 'GET', '/auth/me', first)).statusCode, 401);
    assert.equal((await on(other, 'GET', '/auth/me', secondAuth)).statusCode, 200);
  });

  it('when an admin deletes a user on one instance, then the other rejects their token at once', async () => {
    const user = await cachedOnOther();
    const res = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/users/${user.id}`, headers: admin.auth });
    assert.equal(res.statusCode, 204, res.body);
    assert.equal((await on(other, 'GET', '/auth/me', user)).statusCode, 401);
  });
});
