import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { domainEvents, orders, sessions, users } from '../../src/db/schema/index.js';
import { makeProduct } from '../helpers/catalog.js';
import { tokenFromMail } from '../helpers/mail-sink.js';
import { createUserAndSignIn, GOOD_PASSWORD, type SignedIn, startTestApp, type TestContext, uniqueEmail } from '../helpers/test-app.js';

const PERSON = {
  fullName: 'Erin Erasure',
  line1: '12 Quillfeather Lane',
  line2: 'Flat Zephyr',
  city: 'Hiddenvale',
  postalCode: 'ZQ-4417',
  country: 'DE',
  phone: '+49 555 771 2093',
  note: 'Leave it behind the blue gate',
  userAgent: 'PrivacyProbe/7.3 (erasure test)',
  ip: '203.0.113.77',
};

describe('deleting a customer erases their personal data', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  before(async () => {
    ctx = await startTestApp({ TRUST_PROXY: 'true' });
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
  });
  after(() => ctx.close());

  const post = (url: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    ctx.app.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      payload,
      headers: { 'user-agent': PERSON.userAgent, 'x-forwarded-for': PERSON.ip, ...headers },
    });

  /** Registers and verifies through the API (events and mails naming the address), then signs in from a known IP and browser. */
  async function customer(email: string): Promise<{ id: string; auth: { authorization: string } }> {
    await post('/auth/register', { email, password: GOOD_PASSWORD, fullName: PERSON.fullName });
    const mail = await ctx.mail.waitFor(email, /confirm your e-mail/i);
    assert.equal((await post('/auth/verify-email', { token: tokenFromMail(mail, 'verify-email') })).statusCode, 200);
    const login = await post('/auth/login', { email, password: GOOD_PASSWORD });
    assert.equal(login.statusCode, 200, login.body);
    const { user, accessToken } = login.json();
    return { id: user.id, auth: { authorization: `Bearer ${accessToken}` } };
  }

  /** Every row of every table, as text, and the secrets found in it. */
  async function leftovers(secrets: string[]): Promise<string[]> {
    const tables = rowsOf<{ name: string }>(
      await ctx.db.execute(
        sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
      ),
    );
    assert.ok(tables.length > 10);
    const found: string[] = [];
    for (const { name } of tables) {
      const text = JSON.stringify(rowsOf(await ctx.db.execute(sql`select * from ${sql.identifier(name)}`)));
      for (const secret of secrets) if (text.includes(secret)) found.push(`${name}: ${secret}`);
    }
    return found;
  }

  it('when a customer with orders, sessions, mails, tokens and events is deleted, then no table holds their name, address, contact or devices; orders stay for the books', async () => {
    const email = uniqueEmail('erasure');
    const shopper = await customer(email);
    const product = await makeProduct(ctx, admin, { priceCents: 1250, stockQuantity: 50 });
    await post('/cart/items', { productId: product.id, quantity: 2 }, shopper.auth);
    const { note, userAgent: _ua, ip: _ip, ...shippingAddress } = PERSON;
    const placed = await post('/orders', { shippingAddress, note }, { ...shopper.auth, 'idempotency-key': `erasure-${Date.now()}` });
    assert.equal(placed.statusCode, 201, placed.body);
    const order = placed.json().order;
    await ctx.mail.waitFor(email, /confirmed/i);
    assert.equal((await post(`/products/${product.id}/reviews`, { rating: 5, title: 'Great' }, shopper.auth)).statusCode, 201);
    await post('/cart/items', { productId: product.id, quantity: 1 }, shopper.auth);
    await post('/auth/forgot-password', { email });
    await ctx.mail.waitFor(email, /reset your/i);
    ctx.mail.refuseWith = 'mailbox busy';
    await post('/auth/resend-verification', { email }); // verified: nothing is queued
    await post('/auth/forgot-password', { email }); // stays pending while the sink refuses
    const secrets = [
      email,
      PERSON.fullName,
      PERSON.line1,
      PERSON.line2,
      PERSON.city,
      PERSON.postalCode,
      PERSON.phone,
      PERSON.note,
      PERSON.userAgent,
      PERSON.ip,
    ];
    assert.ok((await leftovers(secrets)).length > 5, 'the data is there before');

    const deleted = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/users/${shopper.id}`, headers: admin.auth });
    ctx.mail.refuseWith = undefined;
    assert.equal(deleted.statusCode, 204, deleted.body);

    assert.deepEqual(await leftovers(secrets), []);
    assert.equal((await ctx.db.select().from(sessions).where(eq(sessions.userId, shopper.id))).length, 0);
    const [kept] = await ctx.db.select().from(orders).where(eq(orders.id, order.id));
    assert.ok(kept, 'the order stays for bookkeeping');
    assert.equal(kept.totalCents, 2500);
    assert.equal(kept.shippingAddress.country, 'DE');
    assert.equal(kept.shippingAddress.fullName, '');
    const view = await ctx.app.inject({ method: 'GET', url: `/api/v1/orders/${order.id}`, headers: admin.auth });
    assert.equal(view.statusCode, 200, view.body);
    assert.equal(view.json().order.orderNumber, order.orderNumber);
    const [row] = await ctx.db.select().from(users).where(eq(users.id, shopper.id));
    assert.equal(row?.isActive, false);
    const events = await ctx.db.select().from(domainEvents).where(eq(domainEvents.subjectId, shopper.id));
    assert.deepEqual(events.map((e) => e.type).sort(), ['user.deleted', 'user.registered', 'user.verified']);
    assert.deepEqual(events.find((e) => e.type === 'user.deleted')?.payload, { by: 'admin' });
    assert.equal((await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: shopper.auth })).statusCode, 401);
  });

  it('when a customer who never ordered is deleted, then the account is gone and so are the events and mails naming them', async () => {
    const email = uniqueEmail('erasure-light');
    const shopper = await customer(email);
    const deleted = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/users/${shopper.id}`, headers: admin.auth });
    assert.equal(deleted.statusCode, 204);
    assert.equal((await ctx.db.select().from(users).where(eq(users.id, shopper.id))).length, 0);
    assert.deepEqual(await leftovers([email]), []);
  });
});
