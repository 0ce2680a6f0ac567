import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, isNull, sql } from 'drizzle-orm';
import { users } from '../../src/db/schema/index.js';
import {
  createUserAndSignIn,
  errorOf,
  GOOD_PASSWORD,
  REFRESH_TOKEN_IN_BODY,
  type SignedIn,
  startTestApp,
  type TestContext,
  uniqueEmail,
} from '../helpers/test-app.js';

describe('users: profiles and administration', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  let customer: SignedIn;
  before(async () => {
    ctx = await startTestApp();
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
    customer = await createUserAndSignIn(ctx);
  });
  after(() => ctx.close());

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, who?: SignedIn, payload?: Record<string, unknown>) =>
    ctx.app.inject({ method, url: `/api/v1/users${url}`, headers: who ? who.auth : {}, ...(payload ? { payload } : {}) });

  it('when a customer reads and edits their profile, then only fullName can change', async () => {
    const read = await api('GET', '/me', customer);
    assert.equal(read.statusCode, 200);
    assert.equal(read.json().user.email, customer.email);
    const edit = await api('PATCH', '/me', customer, { fullName: '  Grace Hopper ' });
    assert.equal(edit.statusCode, 200);
    assert.equal(edit.json().user.fullName, 'Grace Hopper');
    for (const field of [{ role: 'admin' }, { isVerified: true }, { isActive: false }, { email: 'x@example.com' }]) {
      const res = await api('PATCH', '/me', customer, field);
      assert.equal(res.statusCode, 422, JSON.stringify(field));
    }
    assert.equal((await api('GET', '/me', customer)).json().user.role, 'customer');
  });

  it('when a customer calls an admin route, then 403; without a token, 401', async () => {
    for (const [method, url] of [
      ['GET', '/'],
      ['POST', '/'],
      ['GET', `/${admin.id}`],
      ['PATCH', `/${admin.id}`],
      ['DELETE', `/${admin.id}`],
      ['GET', '/statistics'],
      ['GET', '/export'],
    ] as const) {
      const payload = method === 'POST' || method === 'PATCH' ? { role: 'customer' } : undefined;
      const forbidden = await api(method, url, customer, payload);
      assert.equal(forbidden.statusCode, 403, `${method} ${url}`);
      assert.equal(errorOf(forbidden).error, 'FORBIDDEN');
      assert.equal((await api(method, url, undefined, payload)).statusCode, 401, `${method} ${url}`);
    }
  });

  it('when an admin creates users of any role, then they can sign in; duplicates are 409, common passwords 422', async () => {
    const email = uniqueEmail('staff');
    const res = await api('POST', '/', admin, {
      email,
      password: GOOD_PASSWORD,
      fullName: 'Staff Member',
      role: 'admin',
      isVerified: true,
    });
    assert.equal(res.statusCode, 201);
    assert.equal(res.json().user.role, 'admin');
    assert.equal(res.json().user.isVerified, true);
    const login = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: GOOD_PASSWORD } });
    assert.equal(login.statusCode, 200);
    assert.equal((await api('POST', '/', admin, { email, password: GOOD_PASSWORD, fullName: 'Again' })).statusCode, 409);
    assert.equal((await api('POST', '/', admin, { email: uniqueEmail(), password: 'iloveyou', fullName: 'Weak' })).statusCode, 422);
  });

  it('when an admin lists users, then search, filters, total and cursor paging agree with no duplicates or gaps', async () => {
    const tag = `pager${Date.now()}`;
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await api('POST', '/', admin, {
        email: `${tag}-${i}@example.com`,
        password: GOOD_PASSWORD,
        fullName: `Pager ${i}`,
        role: i % 2 ? 'admin' : 'customer',
      });
      made.push(res.json().user.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs: string = `?q=${tag}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await api('GET', qs, admin);
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.total, 7);
      seen.push(...body.items.map((u: { id: string }) => u.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 3);
    assert.deepEqual([...seen].sort(), [...made].sort());

    const admins = (await api('GET', `?q=${tag}&role=admin`, admin)).json();
    assert.equal(admins.total, 3);
    assert.ok(admins.items.every((u: { role: string }) => u.role === 'admin'));
    const byName = (await api('GET', `?q=${encodeURIComponent('pager 3')}`, admin)).json();
    assert.ok(byName.items.some((u: { fullName: string }) => u.fullName === 'Pager 3'));
  });

  it('when list queries are malformed, then 422 (wildcards are literal)', async () => {
    assert.equal((await api('GET', '?limit=0', admin)).statusCode, 422);
    assert.equal((await api('GET', '?role=superuser', admin)).statusCode, 422);
    assert.equal((await api('GET', '?isActive=maybe', admin)).statusCode, 422);
    const badCursor = await api('GET', '?cursor=not-a-cursor', admin);
    assert.equal(badCursor.statusCode, 422);
    assert.equal(errorOf(badCursor).errors?.[0]?.field, 'cursor');
    const wildcard = (await api('GET', '?q=%25', admin)).json();
    assert.equal(wildcard.total, 0);
    assert.equal((await api('GET', '/not-a-uuid', admin)).statusCode, 422);
    assert.equal((await api('GET', '/00000000-0000-4000-8000-000000000000', admin)).statusCode, 404);
  });

  it('when an admin deactivates a user, then their sessions end at once and they cannot sign in', async () => {
    const victim = await createUserAndSignIn(ctx);
    const res = await api('PATCH', `/${victim.id}`, admin, { isActive: false });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().user.isActive, false);
    assert.equal((await api('GET', '/me', victim)).statusCode, 401);
    const refresh = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: REFRESH_TOKEN_IN_BODY,
      payload: { refreshToken: victim.refreshToken },
    });
    assert.equal(refresh.statusCode, 401);
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: victim.email, password: GOOD_PASSWORD },
    });
    assert.equal(login.statusCode, 401);
  });

  it('when an admin changes a role, then it takes effect on the next request', async () => {
    const promoted = await createUserAndSignIn(ctx);
    assert.equal((await api('GET', '/statistics', promoted)).statusCode, 403);
    assert.equal((await api('PATCH', `/${promoted.id}`, admin, { role: 'admin' })).statusCode, 200);
    assert.equal((await api('GET', '/statistics', promoted)).statusCode, 200);
    assert.equal((await api('PATCH', `/${promoted.id}`, admin, { role: 'root' })).statusCode, 422);
    assert.equal((await api('PATCH', `/${promoted.id}`, admin, { isVerified: true })).statusCode, 422);
  });

  it('when an admin tries to demote, deactivate or delete themselves, then 409', async () => {
    for (const [method, payload] of [
      ['PATCH', { role: 'customer' }],
      ['PATCH', { isActive: false }],
      ['DELETE', undefined],
    ] as const) {
      const res = await api(method, `/${admin.id}`, admin, payload);
      assert.equal(res.statusCode, 409);
      assert.equal(errorOf(res).error, 'CANNOT_MODIFY_SELF');
    }
  });

  it('when an admin deletes a user, then it is gone (404) and its sessions are over', async () => {
    const doomed = await createUserAndSignIn(ctx);
    assert.equal((await api('DELETE', `/${doomed.id}`, admin)).statusCode, 204);
    assert.equal((await api('GET', `/${doomed.id}`, admin)).statusCode, 404);
    assert.equal((await api('GET', '/me', doomed)).statusCode, 401);
    assert.equal((await api('DELETE', `/${doomed.id}`, admin)).statusCode, 404);
  });

  it('when other records still refer to a deleted user, then it is deactivated and anonymised instead', async () => {
    const kept = await createUserAndSignIn(ctx);
    // Stands in for orders/reviews, which refer to users with ON DELETE RESTRICT.
    await ctx.db.execute(
      sql.raw('create table if not exists test_user_refs (user_id uuid not null references users(id) on delete restrict)'),
    );
    await ctx.db.execute(sql`insert into test_user_refs (user_id) values (${kept.id})`);
    assert.equal((await api('DELETE', `/${kept.id}`, admin)).statusCode, 204);
    const [row] = await ctx.db.select().from(users).where(eq(users.id, kept.id));
    assert.ok(row, 'the row is kept for the records that need it');
    assert.equal(row.isActive, false);
    assert.notEqual(row.email, kept.email);
    assert.equal(row.fullName, 'Deleted user');
    assert.ok(row.deletedAt);
    assert.equal((await api('GET', `/${kept.id}`, admin)).statusCode, 404);
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: kept.email, password: GOOD_PASSWORD },
    });
    assert.equal(login.statusCode, 401);
  });

  it('when statistics are asked, then counts add up and sign-ups cover 30 days', async () => {
    const res = await api('GET', '/statistics', admin);
    assert.equal(res.statusCode, 200);
    const s = res.json();
    assert.equal(s.total, await ctx.db.$count(users, isNull(users.deletedAt)));
    assert.equal(s.byRole.admin + s.byRole.customer, s.total);
    assert.equal(s.active + s.inactive, s.total);
    assert.equal(s.verified + s.unverified, s.total);
    assert.equal(s.signupsPerDay.length, 30);
    assert.equal(s.signupsPerDay.at(-1).date, new Date().toISOString().slice(0, 10));
    assert.equal(
      s.signupsPerDay.reduce((n: number, d: { count: number }) => n + d.count, 0),
      s.total,
    );
  });

  it('when users are exported, then a quoted CSV download with formula cells neutralised', async () => {
    const email = uniqueEmail('csv');
    await api('POST', '/', admin, { email, password: GOOD_PASSWORD, fullName: '=HYPERLINK("http://evil.test","click")' });
    const [row] = await ctx.db.select().from(users).where(eq(users.email, email));
    assert.ok(row);
    const res = await api('GET', `/export?q=${encodeURIComponent(email)}`, admin);
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /^text\/csv/);
    assert.match(res.headers['content-disposition'] as string, /attachment; filename="users-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = res.body.trim().split('\n');
    assert.equal(lines[0], '"id","email","fullName","role","isActive","isVerified","createdAt"');
    assert.equal(lines.length, 2);
    assert.ok(lines[1]?.includes(`"'=HYPERLINK(""http://evil.test"",""click"")"`), lines[1]);
    assert.ok(lines[1]?.startsWith(`"${row.id}"`));
  });

  it('when many users are exported, then every one appears once', async () => {
    const tag = `bulk${Date.now()}`;
    const values = await Promise.all(
      Array.from({ length: 1203 }, async (_, i) => ({ email: `${tag}-${i}@example.com`, fullName: `Bulk ${i}`, passwordHash: 'x' })),
    );
    await ctx.db.insert(users).values(values);
    const res = await api('GET', `/export?q=${tag}`, admin);
    const lines = res.body.trim().split('\n');
    assert.equal(lines.length, 1204);
    assert.equal(new Set(lines).size, 1204);
  });
});
