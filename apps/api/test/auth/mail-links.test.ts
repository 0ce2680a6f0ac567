import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ReceivedMail, tokenFromMail } from '../helpers/mail-sink.js';
import { createUserAndSignIn, GOOD_PASSWORD, startTestApp, type TestContext, uniqueEmail } from '../helpers/test-app.js';

/**
 * Mails are not always delivered in the order they were asked for (a retry, a slow relay):
 * the link a shopper opens may be from any of their recent mails.
 */
describe('links from repeated verification and reset mails', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestApp();
  });
  after(() => ctx.close());

  const post = (path: string, payload: Record<string, unknown>) => ctx.app.inject({ method: 'POST', url: `/api/v1/auth${path}`, payload });

  /** Asks for one more mail and waits for it, so the mails' order of creation is known. */
  async function nextMail(email: string, subject: RegExp, ask: () => Promise<unknown>): Promise<ReceivedMail> {
    const before = ctx.mail.count(email, subject);
    await ask();
    const deadline = Date.now() + 10_000;
    while (ctx.mail.count(email, subject) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const mails = ctx.mail.messages.filter((m) => m.to.includes(email) && subject.test(m.subject));
    const mail = mails[before];
    assert.ok(mail, 'the mail arrived');
    return mail;
  }

  it('when verification was mailed three times and the first mail arrives last, then its link verifies, and the others then fail', async () => {
    const email = uniqueEmail('verify-thrice');
    const subject = /confirm your e-mail/i;
    const mails = [
      await nextMail(email, subject, () => post('/register', { email, password: GOOD_PASSWORD, fullName: 'Thrice' })),
      await nextMail(email, subject, () => post('/resend-verification', { email })),
      await nextMail(email, subject, () => post('/resend-verification', { email })),
    ];
    const [first, second, third] = mails.map((m) => tokenFromMail(m, 'verify-email'));
    const verified = await post('/verify-email', { token: first });
    assert.equal(verified.statusCode, 200, verified.body);
    assert.equal(verified.json().user.isVerified, true);
    assert.equal((await post('/verify-email', { token: third })).statusCode, 400);
    assert.equal((await post('/verify-email', { token: second })).statusCode, 400);
  });

  it('when a reset was mailed four times, then each of the last three links works (once, voiding the rest) and the oldest does not', async () => {
    const user = await createUserAndSignIn(ctx);
    const subject = /reset your/i;
    const tokens: string[] = [];
    for (let i = 0; i < 4; i++) {
      tokens.push(
        tokenFromMail(await nextMail(user.email, subject, () => post('/forgot-password', { email: user.email })), 'reset-password'),
      );
    }
    const [oldest, second, , newest] = tokens;
    assert.equal((await post('/reset-password', { token: oldest, password: 'a brand new passphrase' })).statusCode, 400);
    assert.equal((await post('/reset-password', { token: second, password: 'a brand new passphrase' })).statusCode, 204);
    assert.equal((await post('/reset-password', { token: newest, password: 'another new passphrase' })).statusCode, 400);
    const login = await post('/login', { email: user.email, password: 'a brand new passphrase' });
    assert.equal(login.statusCode, 200);
  });
});
