import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { products } from '../../src/db/schema/index.js';
import { makeProduct } from '../helpers/catalog.js';
import { SHIPPING_ADDRESS } from '../helpers/fixtures.js';
import { createUserAndSignIn, errorOf, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';

describe('admin stock edits next to sales', { timeout: 120_000 }, () => {
  let ctx: TestContext;
  let admin: SignedIn;
  before(async () => {
    ctx = await startTestApp();
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
  });
  after(() => ctx?.close());

  const patch = (id: string, payload: object) =>
    ctx.app.inject({ method: 'PATCH', url: `/api/v1/products/${id}`, headers: admin.auth, payload });
  const stockOf = async (id: string) =>
    (await ctx.db.select({ s: products.stockQuantity }).from(products).where(eq(products.id, id)))[0]?.s;
  async function buy(productId: string, quantity: number) {
    const buyer = await createUserAndSignIn(ctx);
    const added = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/cart/items',
      headers: buyer.auth,
      payload: { productId, quantity },
    });
    assert.equal(added.statusCode, 200, added.body);
    return ctx.app.inject({ method: 'POST', url: '/api/v1/orders', headers: buyer.auth, payload: { shippingAddress: SHIPPING_ADDRESS } });
  }

  it('when a sale happened since the admin read the stock, then "set to N if still M" is 409 STOCK_CHANGED and the sale stands', async () => {
    const p = await makeProduct(ctx, admin, { stockQuantity: 10 });
    assert.equal((await buy(p.id, 2)).statusCode, 201);
    const res = await patch(p.id, { stockQuantity: 20, expectedStockQuantity: 10 });
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(errorOf(res).error, 'STOCK_CHANGED');
    assert.equal(res.json().stockQuantity, 8);
    assert.equal(await stockOf(p.id), 8);
    const ok = await patch(p.id, { stockQuantity: 20, expectedStockQuantity: 8 });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().product.stockQuantity, 20);
  });

  it('when stockQuantity comes without expectedStockQuantity, then 422 naming it', async () => {
    const p = await makeProduct(ctx, admin);
    const res = await patch(p.id, { stockQuantity: 3 });
    assert.equal(res.statusCode, 422);
    assert.equal(errorOf(res).errors?.[0]?.field, 'expectedStockQuantity');
    const both = await patch(p.id, { stockQuantity: 3, expectedStockQuantity: 10, stockAdjustment: 1 });
    assert.equal(both.statusCode, 422);
    assert.equal(errorOf(both).errors?.[0]?.field, 'stockAdjustment');
    assert.equal(await stockOf(p.id), 10);
  });

  it('when the admin adjusts by ±N, then it applies to the stock as it is, never below 0', async () => {
    const p = await makeProduct(ctx, admin, { stockQuantity: 10 });
    assert.equal((await buy(p.id, 4)).statusCode, 201);
    const up = await patch(p.id, { stockAdjustment: 5 });
    assert.equal(up.statusCode, 200, up.body);
    assert.equal(up.json().product.stockQuantity, 11);
    const tooMuch = await patch(p.id, { stockAdjustment: -12 });
    assert.equal(tooMuch.statusCode, 409, tooMuch.body);
    assert.equal(errorOf(tooMuch).error, 'STOCK_CHANGED');
    assert.equal(await stockOf(p.id), 11);
    assert.equal((await patch(p.id, { stockAdjustment: -11 })).json().product.stockQuantity, 0);
  });

  it('when sales and a restock happen at once, then every unit is accounted for', async () => {
    const p = await makeProduct(ctx, admin, { stockQuantity: 20 });
    const results = await Promise.all([
      ...Array.from({ length: 8 }, () => buy(p.id, 1)),
      patch(p.id, { stockAdjustment: 50 }),
      patch(p.id, { stockAdjustment: -5 }),
    ]);
    assert.ok(
      results.every((r) => r.statusCode < 300),
      results.map((r) => r.body).join('\n'),
    );
    assert.equal(await stockOf(p.id), 20 - 8 + 50 - 5);
  });
});
