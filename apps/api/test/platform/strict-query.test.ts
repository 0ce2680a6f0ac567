import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUserAndSignIn, errorOf, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';

describe('query strings are read strictly, the same everywhere', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  before(async () => {
    ctx = await startTestApp();
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
  });
  after(() => ctx.close());

  const get = (url: string) => ctx.app.inject({ method: 'GET', url, headers: admin.auth });

  it('when a whole number is written as hex, exponent, with spaces, a sign or a leading zero, then 422 naming the field', async () => {
    for (const value of ['0x10', '1e2', '%205', '5%20', '%2B5', '-5', '05', '5.0', 'Infinity', 'NaN', '1_0', '']) {
      for (const [route, field] of [
        ['/api/v1/products', 'limit'],
        ['/api/v1/products', 'minPriceCents'],
        ['/api/v1/products', 'maxPriceCents'],
        ['/api/v1/reviews', 'rating'],
        ['/api/v1/users', 'limit'],
        ['/api/v1/orders', 'limit'],
        ['/api/v1/admin/audit-log', 'limit'],
      ]) {
        const res = await get(`${route}?${field}=${value}`);
        assert.equal(res.statusCode, 422, `${route}?${field}=${value}: ${res.body}`);
        assert.equal(errorOf(res).errors?.[0]?.field, field, `${route}?${field}=${value}`);
      }
    }
  });

  it('when minRating is not a plain decimal, then 422; 4 and 4.5 are read', async () => {
    for (const value of ['1e0', '0x1', '%204', '', '4.', '.5', '+4']) {
      const res = await get(`/api/v1/products?minRating=${value}`);
      assert.equal(res.statusCode, 422, `${value}: ${res.body}`);
    }
    for (const value of ['4', '4.5', '0', '5']) assert.equal((await get(`/api/v1/products?minRating=${value}`)).statusCode, 200, value);
  });

  it('when numbers are plain decimal digits, then they are read as such', async () => {
    for (const url of [
      '/api/v1/products?limit=5&minPriceCents=0&maxPriceCents=100000000',
      '/api/v1/reviews?rating=5',
      '/api/v1/users?limit=100',
    ]) {
      const res = await get(url);
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    }
  });

  it('when a boolean is anything but true or false, or empty, then 422', async () => {
    for (const value of ['1', 'yes', 'TRUE', '']) {
      const res = await get(`/api/v1/products?inStock=${value}`);
      assert.equal(res.statusCode, 422, `${value}: ${res.body}`);
    }
  });

  it('when a query field is repeated, then 422 rather than a guess', async () => {
    const res = await get('/api/v1/products?limit=5&limit=6');
    assert.equal(res.statusCode, 422, res.body);
  });
});
