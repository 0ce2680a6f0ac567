import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { fillCart, makeProduct } from '../helpers/catalog.js';
import { SHIPPING_ADDRESS } from '../helpers/fixtures.js';
import { multipart } from '../helpers/multipart.js';
import {
  createUserAndSignIn,
  GOOD_PASSWORD,
  REFRESH_TOKEN_IN_BODY,
  type SignedIn,
  startTestApp,
  type TestContext,
} from '../helpers/test-app.js';

describe('Cache-Control: personal data and tokens are never stored, public catalog reads stay cacheable', () => {
  let ctx: TestContext;
  let dataDir: string;
  let admin: SignedIn;
  let customer: SignedIn;
  let product: { id: string; slug: string };
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'emporium-cache-control-'));
    ctx = await startTestApp({ DATA_DIR: dataDir });
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
    customer = await createUserAndSignIn(ctx);
    product = await makeProduct(ctx, admin);
    await fillCart(ctx, customer.id, [product.id]);
  });
  after(async () => {
    await ctx.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const get = (url: string, who?: SignedIn) => ctx.app.inject({ method: 'GET', url, headers: who ? who.auth : {} });

  it('when an answer carries tokens or personal data (auth, profile, cart, orders, admin), then Cache-Control: no-store', async () => {
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: REFRESH_TOKEN_IN_BODY,
      payload: { email: customer.email, password: GOOD_PASSWORD },
    });
    const refreshed = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: REFRESH_TOKEN_IN_BODY,
      payload: { refreshToken: login.json().refreshToken },
    });
    const order = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: customer.auth,
      payload: {
        shippingAddress: SHIPPING_ADDRESS,
      },
    });
    assert.equal(order.statusCode, 201, order.body);
    const answers = {
      login,
      refreshed,
      authMe: await get('/api/v1/auth/me', customer),
      usersMe: await get('/api/v1/users/me', customer),
      cart: await get('/api/v1/cart', customer),
      orders: await get('/api/v1/orders', customer),
      order: await get(`/api/v1/orders/${order.json().order.id}`, customer),
      placedOrder: order,
      adminUsers: await get('/api/v1/users', admin),
      adminStats: await get('/api/v1/admin/stats', admin),
      adminAuditLog: await get('/api/v1/admin/audit-log', admin),
      adminAnalytics: await get('/api/v1/analytics/orders', admin),
      adminUsersExport: await get('/api/v1/users/export', admin),
      adminProductRead: await get(`/api/v1/products/${product.id}`, admin),
      adminProductList: await get('/api/v1/products', admin),
      refused: await get('/api/v1/auth/me'),
    };
    for (const [name, res] of Object.entries(answers)) {
      assert.ok(res.statusCode < 500, `${name}: ${res.statusCode}`);
      assert.equal(res.headers['cache-control'], 'no-store', `${name} (${res.statusCode})`);
    }
  });

  it('when the public catalog is read, then it keeps its revalidation headers; uploaded images stay cacheable for a year', async () => {
    for (const url of ['/api/v1/products', `/api/v1/products/slug/${product.slug}`, '/api/v1/categories', '/api/v1/store']) {
      const res = await get(url);
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['cache-control'], 'public, no-cache', url);
      assert.ok(res.headers.etag, url);
    }
    assert.equal((await get('/api/v1/products', customer)).headers['cache-control'], 'private, no-cache');

    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366aa' } })
      .jpeg()
      .toBuffer();
    const body = multipart([{ name: 'file', value: jpeg, filename: 'photo.jpg', contentType: 'image/jpeg' }]);
    const uploaded = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/products/${product.id}/images`,
      headers: { ...admin.auth, ...body.headers },
      payload: body.payload,
    });
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    assert.equal(uploaded.headers['cache-control'], 'no-store');
    const image = await get(new URL(uploaded.json().image.url, 'http://x').pathname);
    assert.equal(image.statusCode, 200);
    assert.match(String(image.headers['cache-control']), /max-age=31536000/);
  });
});
