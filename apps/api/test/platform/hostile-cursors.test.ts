import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makeProduct } from '../helpers/catalog.js';
import { createUserAndSignIn, errorOf, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';

const cursor = (values: unknown[]) => encodeURIComponent(Buffer.from(JSON.stringify(values)).toString('base64url'));
const ID = '00000000-0000-4000-8000-000000000000';

describe('hand-made cursors', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  let productId: string;
  before(async () => {
    ctx = await startTestApp();
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
    productId = (await makeProduct(ctx, admin)).id;
  });
  after(() => ctx.close());

  it('when a cursor carries values the database cannot compare, then 422 on the cursor, never a 500', async () => {
    const urls = [
      `/api/v1/products?sort=newest&cursor=${cursor(['newest', '+099999-01-01T00:00:00Z', ID])}`,
      `/api/v1/products?sort=newest&cursor=${cursor(['newest', 'Tue, 01 Jan 2030', ID])}`,
      `/api/v1/products?sort=price_asc&cursor=${cursor(['price_asc', 1e308, ID])}`,
      `/api/v1/products?sort=price_desc&cursor=${cursor(['price_desc', 1.5, ID])}`,
      `/api/v1/products?sort=rating&cursor=${cursor(['rating', 1e300, ID])}`,
      `/api/v1/products?q=mug&cursor=${cursor(['relevance', 'high', ID])}`,
      `/api/v1/products/${productId}/reviews?sort=highest&cursor=${cursor(['highest', 1e20, ID])}`,
      `/api/v1/users?cursor=${cursor(['+099999-01-01T00:00:00Z', ID])}`,
      `/api/v1/orders?cursor=${cursor(['2030-01-01', ID])}`,
      `/api/v1/admin/audit-log?cursor=${cursor([1e30])}`,
    ];
    for (const url of urls) {
      const res = await ctx.app.inject({ method: 'GET', url, headers: admin.auth });
      assert.equal(res.statusCode, 422, url);
      assert.equal(errorOf(res).errors?.[0]?.field, 'cursor', url);
    }
  });
});
