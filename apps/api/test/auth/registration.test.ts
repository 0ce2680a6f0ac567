import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { users } from '../../src/db/schema/index.js';
import { findUserByEmail } from '../../src/modules/users/users.repository.js';
import { tokenFromMail } from '../helpers/mail-sink.js';
import { errorOf, GOOD_PASSWORD, startTestApp, type TestContext, uniqueEmail } from '../helpers/test-app.js';

describe('registration and e-mail verification', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestApp();
  });
  after(() => ctx.close());

  const register = (payload: Record<string, unknown>) => ctx.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload });

  it('when a customer registers, then 202 "check your inbox", an unverified customer account, and a verification mail over SMTP', async () => {
    const email = uniqueEmail('new');
    const res = await register({ email: `  ${email.toUpperCase()} `, password: GOOD_PASSWORD, fullName: 'Ada Lovelace' });
    assert.equal(res.statusCode, 202);
    assert.deepEqual(Object.keys(res.json()), ['detail']);
    assert.match(res.json().detail, /check your inbox/i);
    const row = await findUserByEmail(ctx.db, email);
    assert.ok(row);
    assert.equal(row.role, 'customer');
    assert.equal(row.isVerified, false);
    assert.equal(row.isActive, true);

    const mail = await ctx.mail.waitFor(email, /confirm your e-mail/i);
    assert.match(mail.text, /http:\/\/shop\.test\/verify-email\?token=/);
    assert.match(mail.html, /verify-email\?token=/);
    const verified = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/verify-email',
      payload: { token: tokenFromMail(mail, 'verify-email') },
    });
    assert.equal(verified.statusCode, 200);
    assert.equal(verified.json().user.isVerified, true);

    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/verify-email',
      payload: { token: tokenFromMail(mail, 'verify-email') },
    });
    assert.equal(again.statusCode, 400);
    assert.equal(errorOf(again).error, 'TOKEN_INVALID');
  });

  it('when the body tries to set role or isVerified, then 422 and no account is made', async () => {
    const email = uniqueEmail('sneaky');
    const res = await register({ email, password: GOOD_PASSWORD, fullName: 'Mallory', role: 'admin', isVerified: true });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(
      errorOf(res)
        .errors?.map((e) => e.field)
        .sort(),
      ['isVerified', 'role'],
    );
    const login = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: GOOD_PASSWORD } });
    assert.equal(login.statusCode, 401);
  });

  it('when the password is one of the most common, then 422 on the password field', async () => {
    for (const password of ['password', '12345678', 'Qwertyuiop']) {
      const res = await register({ email: uniqueEmail(), password, fullName: 'Bob' });
      assert.equal(res.statusCode, 422, password);
      assert.equal(errorOf(res).errors?.[0]?.field, 'password');
    }
  });

  it('when the password is shorter than 8 or longer than 128, then 422', async () => {
    for (const password of ['short12', 'x'.repeat(129)]) {
      const res = await register({ email: uniqueEmail(), password, fullName: 'Bob' });
      assert.equal(res.statusCode, 422);
      assert.equal(errorOf(res).errors?.[0]?.field, 'password');
    }
    const longest = await register({ email: uniqueEmail(), password: 'ü'.repeat(128), fullName: 'Bob' });
    assert.equal(longest.statusCode, 202);
  });

  it('when the e-mail is already registered (in any case), then the same answer as for a new one, the account is untouched and its owner is mailed', async () => {
    const email = uniqueEmail('dup');
    const first = await register({ email, password: GOOD_PASSWORD, fullName: 'One' });
    const again = await register({ email: email.toUpperCase(), password: 'an intruder passphrase', fullName: 'Two' });
    assert.equal(again.statusCode, first.statusCode);
    assert.deepEqual(again.json(), first.json());
    assert.deepEqual(Object.keys(again.headers).sort(), Object.keys(first.headers).sort());

    const warning = await ctx.mail.waitFor(email, /someone tried to register/i);
    assert.match(warning.text, /http:\/\/shop\.test\/login/);
    assert.match(warning.text, /http:\/\/shop\.test\/forgot-password/);
    assert.doesNotMatch(warning.text, /token=/, "a stranger's attempt mints no token");
    const rows = await ctx.db.select().from(users).where(eq(users.email, email));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.fullName, 'One');
    const login = (password: string) => ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    assert.equal((await login(GOOD_PASSWORD)).statusCode, 200);
    assert.equal((await login('an intruder passphrase')).statusCode, 401);
  });

  it('when an address is taken or new, then the answer takes comparable time (the password is hashed either way)', async () => {
    const taken = uniqueEmail('timed');
    await register({ email: taken, password: GOOD_PASSWORD, fullName: 'Timed' });
    const timed = async (email: string) => {
      const started = performance.now();
      const res = await register({ email, password: GOOD_PASSWORD, fullName: 'Timer' });
      assert.equal(res.statusCode, 202);
      return performance.now() - started;
    };
    const existing: number[] = [];
    const fresh: number[] = [];
    for (let i = 0; i < 5; i++) {
      existing.push(await timed(taken));
      fresh.push(await timed(uniqueEmail('timed')));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    // Loose bounds (a shared machine is noisy): what matters is that neither path skips the hash.
    const ratio = median(existing) / median(fresh);
    assert.ok(ratio > 0.4 && ratio < 2.5, `taken ${median(existing).toFixed(1)} ms vs new ${median(fresh).toFixed(1)} ms`);
  });

  it('when verification is resent, then the same 202 whether or not the account exists, and either link works, once', async () => {
    const email = uniqueEmail('resend');
    await register({ email, password: GOOD_PASSWORD, fullName: 'Resender' });
    const first = await ctx.mail.waitFor(email, /confirm/i);
    const known = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/resend-verification', payload: { email } });
    const unknown = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/resend-verification',
      payload: { email: uniqueEmail('ghost') },
    });
    assert.equal(known.statusCode, 202);
    assert.equal(unknown.statusCode, 202);
    assert.deepEqual(known.json(), unknown.json());

    const deadline = Date.now() + 10_000;
    while (ctx.mail.count(email, /confirm/i) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const mails = ctx.mail.messages.filter((m) => m.to.includes(email));
    assert.equal(mails.length, 2);
    const second = mails[1];
    assert.ok(second);
    const older = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/verify-email',
      payload: { token: tokenFromMail(first, 'verify-email') },
    });
    assert.equal(older.statusCode, 200);
    const other = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/verify-email',
      payload: { token: tokenFromMail(second, 'verify-email') },
    });
    assert.equal(other.statusCode, 400, 'using one link voids the others');
  });

  it('when a verification token is forged or empty, then 400/422 and nothing changes', async () => {
    const forged = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token: 'A'.repeat(43) } });
    assert.equal(forged.statusCode, 400);
    const empty = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token: '' } });
    assert.equal(empty.statusCode, 422);
  });
});
