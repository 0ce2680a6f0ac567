import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { tokenFromMail } from '../helpers/mail-sink.js';
import {
  createUserAndSignIn,
  errorOf,
  GOOD_PASSWORD,
  REFRESH_TOKEN_IN_BODY,
  startTestApp,
  type TestContext,
  uniqueEmail,
} from '../helpers/test-app.js';

const NEW_PASSWORD = 'a brand new passphrase';

describe('password reset and change', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestApp();
  });
  after(() => ctx.close());

  const post = (url: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/auth${url}`, payload, headers });
  const me = (token: string) => ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });

  it('when a reset is requested, then the same 202 for unknown addresses and a mailed link that resets once and ends every session', async () => {
    const user = await createUserAndSignIn(ctx, { isVerified: false });
    const known = await post('/forgot-password', { email: user.email });
    const unknown = await post('/forgot-password', { email: uniqueEmail('nobody') });
    assert.equal(known.statusCode, 202);
    assert.equal(unknown.statusCode, 202);
    assert.deepEqual(known.json(), unknown.json());

    const mail = await ctx.mail.waitFor(user.email, /reset/i);
    assert.match(mail.text, /http:\/\/shop\.test\/reset-password\?token=/);
    const token = tokenFromMail(mail, 'reset-password');

    // A reset token is not a verification token, nor a bearer token.
    assert.equal((await post('/verify-email', { token })).statusCode, 400);
    assert.equal((await me(token)).statusCode, 401);

    const reset = await post('/reset-password', { token, password: NEW_PASSWORD });
    assert.equal(reset.statusCode, 204);
    assert.equal((await me(user.accessToken)).statusCode, 401, 'old access token dies');
    assert.equal((await post('/refresh', { refreshToken: user.refreshToken }, REFRESH_TOKEN_IN_BODY)).statusCode, 401, 'old session ends');
    assert.equal((await post('/login', { email: user.email, password: GOOD_PASSWORD })).statusCode, 401);
    const login = await post('/login', { email: user.email, password: NEW_PASSWORD });
    assert.equal(login.statusCode, 200);
    assert.equal(login.json().user.isVerified, true, 'the mailbox was proven');

    const again = await post('/reset-password', { token, password: 'yet another passphrase' });
    assert.equal(again.statusCode, 400);
    assert.equal(errorOf(again).error, 'TOKEN_INVALID');
    await ctx.mail.waitFor(user.email, /password was changed/i);
  });

  it('when a verification token is used to reset a password, then 400', async () => {
    const email = uniqueEmail('typed');
    await post('/register', { email, password: GOOD_PASSWORD, fullName: 'Typed' });
    const mail = await ctx.mail.waitFor(email, /confirm/i);
    const res = await post('/reset-password', { token: tokenFromMail(mail, 'verify-email'), password: NEW_PASSWORD });
    assert.equal(res.statusCode, 400);
  });

  it('when the new password is common, then 422 and the token stays usable', async () => {
    const user = await createUserAndSignIn(ctx);
    await post('/forgot-password', { email: user.email });
    const token = tokenFromMail(await ctx.mail.waitFor(user.email, /reset/i), 'reset-password');
    const weak = await post('/reset-password', { token, password: 'password1' });
    assert.equal(weak.statusCode, 422);
    assert.equal(errorOf(weak).errors?.[0]?.field, 'password');
    assert.equal((await post('/reset-password', { token, password: NEW_PASSWORD })).statusCode, 204);
  });

  it('when the password is changed, then other sessions end and this one lives on', async () => {
    const user = await createUserAndSignIn(ctx);
    const other = (await post('/login', { email: user.email, password: GOOD_PASSWORD }, REFRESH_TOKEN_IN_BODY)).json();
    const res = await post('/change-password', { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD }, user.auth);
    assert.equal(res.statusCode, 204);
    assert.equal((await me(user.accessToken)).statusCode, 200);
    assert.equal((await me(other.accessToken)).statusCode, 401);
    assert.equal((await post('/refresh', { refreshToken: other.refreshToken }, REFRESH_TOKEN_IN_BODY)).statusCode, 401);
    assert.equal((await post('/login', { email: user.email, password: NEW_PASSWORD })).statusCode, 200);
  });

  it('when the current password is wrong, then 422 on currentPassword and nothing changes', async () => {
    const user = await createUserAndSignIn(ctx);
    const res = await post('/change-password', { currentPassword: 'not my password', newPassword: NEW_PASSWORD }, user.auth);
    assert.equal(res.statusCode, 422);
    const body = errorOf(res);
    assert.equal(body.error, 'CURRENT_PASSWORD_INCORRECT');
    assert.equal(body.errors?.[0]?.field, 'currentPassword');
    assert.equal((await post('/login', { email: user.email, password: GOOD_PASSWORD })).statusCode, 200);
  });

  it('when not signed in, then change-password is 401', async () => {
    const res = await post('/change-password', { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD });
    assert.equal(res.statusCode, 401);
  });
});
