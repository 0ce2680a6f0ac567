import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { unwrap } from '@emporium/client';
import { CartLineSchema, CartSchema, ProductSchema } from '@emporium/contracts';
import * as z from 'zod';
import { MAX_CART_LINES } from '../../src/modules/cart/cart.service.js';
import { fillCart, makeManyProducts, makeProduct } from '../helpers/catalog.js';
import { createUserAndSignIn, errorOf, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';
import { api } from '../helpers/typed-client.js';

describe('cart', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  before(async () => {
    ctx = await startTestApp();
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
  });
  after(() => ctx.close());

  const cart = (who: SignedIn, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url = '', payload?: unknown) =>
    ctx.app.inject({
      method,
      url: `/api/v1/cart${url}`,
      headers: who.auth,
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });

  it('when products are added, then lines add up at current prices', async () => {
    const me = await createUserAndSignIn(ctx);
    const shop = api(ctx, me);
    const a = await makeProduct(ctx, admin, { priceCents: 1250, stockQuantity: 10 });
    const b = await makeProduct(ctx, admin, { priceCents: 399, stockQuantity: 10 });
    const add = (productId: string, quantity: number) => unwrap(shop.POST('/api/v1/cart/items', { body: { productId, quantity } }));
    await add(a.id, 2);
    await add(a.id, 1);
    const body = await add(b.id, 4);
    assert.equal(body.items.length, 2);
    assert.equal(body.items.find((i) => i.product.id === a.id)?.quantity, 3);
    assert.deepEqual([body.subtotalCents, body.itemCount, body.currency], [3 * 1250 + 4 * 399, 7, 'USD']);
    const item = (productId: string) => ({ params: { path: { productId } } });
    const patched = await unwrap(shop.PATCH('/api/v1/cart/items/{productId}', { ...item(b.id), body: { quantity: 1 } }));
    assert.equal(patched.subtotalCents, 3 * 1250 + 399);
    const removed = await unwrap(shop.DELETE('/api/v1/cart/items/{productId}', item(a.id)));
    assert.equal(removed.items.length, 1);
    assert.equal((await shop.DELETE('/api/v1/cart')).response.status, 204);
    assert.deepEqual((await unwrap(shop.GET('/api/v1/cart'))).items, []);
  });

  it('when quantities are not whole numbers from 1 to 999, then 422 and the cart is unchanged', async () => {
    const me = await createUserAndSignIn(ctx);
    const p = await makeProduct(ctx, admin, { stockQuantity: 5000 });
    await cart(me, 'POST', '/items', { productId: p.id, quantity: 1 });
    for (const quantity of [0, -1, 1.5, '2', 1000, 1e20, null, true]) {
      assert.equal((await cart(me, 'POST', '/items', { productId: p.id, quantity })).statusCode, 422, String(quantity));
      assert.equal((await cart(me, 'PATCH', `/items/${p.id}`, { quantity })).statusCode, 422, String(quantity));
    }
    const tooMany = await cart(me, 'POST', '/items', { productId: p.id, quantity: 999 });
    assert.equal(tooMany.statusCode, 422, 'a line holds at most 999');
    assert.equal((await cart(me, 'GET')).json().items[0].quantity, 1);
    assert.equal((await cart(me, 'POST', '/items', { productId: p.id, quantity: 1, priceCents: 1 })).statusCode, 422);
  });

  it(`when a cart holds ${MAX_CART_LINES} different products, then one more is 409 CART_FULL and more of one already in it still fits`, async () => {
    const me = await createUserAndSignIn(ctx);
    const ids = await makeManyProducts(ctx, MAX_CART_LINES + 1);
    await fillCart(ctx, me.id, ids.slice(0, MAX_CART_LINES - 1));
    const full = await cart(me, 'POST', '/items', { productId: ids[MAX_CART_LINES - 1], quantity: 1 });
    assert.equal(full.statusCode, 200);
    assert.equal(full.json().items.length, MAX_CART_LINES);
    const over = await cart(me, 'POST', '/items', { productId: ids[MAX_CART_LINES], quantity: 1 });
    assert.equal(over.statusCode, 409);
    assert.equal(errorOf(over).error, 'CART_FULL');
    assert.equal(over.json().maxLines, MAX_CART_LINES);
    const more = await cart(me, 'POST', '/items', { productId: ids[0], quantity: 2 });
    assert.equal(more.statusCode, 200, 'a product already in a full cart can still be added to');
    const lines = more.json().items as { product: { id: string }; quantity: number }[];
    assert.equal(lines.length, MAX_CART_LINES);
    assert.equal(lines.find((l) => l.product.id === ids[0])?.quantity, 3);
    assert.equal(
      lines.some((l) => l.product.id === ids[MAX_CART_LINES]),
      false,
    );
    // Emptying a line makes room again.
    assert.equal((await cart(me, 'DELETE', `/items/${ids[1]}`)).statusCode, 200);
    assert.equal((await cart(me, 'POST', '/items', { productId: ids[MAX_CART_LINES], quantity: 1 })).statusCode, 200);
  });

  it('when more is asked than is in stock, then 409 with the quantity available; unknown or inactive products are 404', async () => {
    const me = await createUserAndSignIn(ctx);
    const p = await makeProduct(ctx, admin, { stockQuantity: 3, name: 'Scarce Thing' });
    const res = await cart(me, 'POST', '/items', { productId: p.id, quantity: 4 });
    assert.equal(res.statusCode, 409);
    assert.equal(errorOf(res).error, 'INSUFFICIENT_STOCK');
    assert.equal(res.json().available, 3);
    const hidden = await makeProduct(ctx, admin, { isActive: false });
    assert.equal((await cart(me, 'POST', '/items', { productId: hidden.id, quantity: 1 })).statusCode, 404);
    assert.equal((await cart(me, 'POST', '/items', { productId: '00000000-0000-4000-8000-000000000000', quantity: 1 })).statusCode, 404);
  });

  it('when products change after being added, then the cart flags them and shows the new price', async () => {
    const me = await createUserAndSignIn(ctx);
    const [soldOut, short, gone, repriced] = [
      await makeProduct(ctx, admin, { stockQuantity: 5 }),
      await makeProduct(ctx, admin, { stockQuantity: 5 }),
      await makeProduct(ctx, admin, { stockQuantity: 5 }),
      await makeProduct(ctx, admin, { stockQuantity: 5, priceCents: 1000 }),
    ];
    for (const p of [soldOut, short, gone, repriced]) await cart(me, 'POST', '/items', { productId: p.id, quantity: 3 });
    const patch = (id: string, body: object) =>
      ctx.app.inject({ method: 'PATCH', url: `/api/v1/products/${id}`, headers: admin.auth, payload: body });
    await patch(soldOut.id, { stockQuantity: 0, expectedStockQuantity: 5 });
    await patch(short.id, { stockQuantity: 2, expectedStockQuantity: 5 });
    await patch(gone.id, { isActive: false });
    await patch(repriced.id, { priceCents: 1500 });
    const body = await unwrap(api(ctx, me).GET('/api/v1/cart'));
    const issues = Object.fromEntries(body.items.map((i) => [i.product.id, i.issues]));
    assert.deepEqual(issues[soldOut.id], ['sold_out']);
    assert.deepEqual(issues[short.id], ['short']);
    assert.deepEqual(issues[gone.id], ['inactive']);
    assert.deepEqual(issues[repriced.id], ['price_changed']);
    const line = body.items.find((i) => i.product.id === repriced.id);
    assert.equal(line?.unitPriceCents, 1500);
    assert.equal(line?.addedPriceCents, 1000);
    assert.equal(body.subtotalCents, 4500, 'only lines that can be bought count');
  });

  it('when the cart is read or changed, then the body is exactly the cart schema and each product is as the catalog shows it', async () => {
    const me = await createUserAndSignIn(ctx);
    const odd = await makeProduct(ctx, admin, {
      name: 'Mug "Deluxe" \\ – ünïcödé 😀 \u0001 tab\there',
      priceCents: 1999,
      stockQuantity: 9,
    });
    const plain = await makeProduct(ctx, admin, { priceCents: 5, stockQuantity: 9 });
    const strictCart = CartSchema.extend({
      items: z.array(CartLineSchema.extend({ product: ProductSchema.strict() }).strict()),
    }).strict();
    const responses = [
      await cart(me, 'POST', '/items', { productId: odd.id, quantity: 2 }),
      await cart(me, 'POST', '/items', { productId: plain.id, quantity: 1 }),
      await cart(me, 'PATCH', `/items/${plain.id}`, { quantity: 3 }),
      await cart(me, 'GET'),
      await cart(me, 'DELETE', `/items/${odd.id}`),
    ];
    for (const res of responses) {
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^application\/json; charset=utf-8/);
      for (const line of strictCart.parse(res.json()).items) {
        const shown = await ctx.app.inject({ method: 'GET', url: `/api/v1/products/${line.product.id}` });
        assert.deepEqual(line.product, shown.json().product);
      }
    }
    const full = strictCart.parse(responses[3]?.json());
    assert.deepEqual(
      full.items.map((i) => [i.product.name, i.quantity, i.unitPriceCents, i.lineTotalCents, i.availableQuantity, i.issues]),
      [
        [odd.name, 2, 1999, 3998, 9, []],
        [plain.name, 3, 5, 15, 9, []],
      ],
    );
    assert.deepEqual([full.subtotalCents, full.itemCount, full.currency], [4013, 5, 'USD']);
    assert.deepEqual(
      strictCart.parse(responses[4]?.json()).items.map((i) => i.product.id),
      [plain.id],
    );
  });

  it("when someone touches another user's cart line, then it is not theirs to see or change", async () => {
    const [alice, bob] = [api(ctx, await createUserAndSignIn(ctx)), api(ctx, await createUserAndSignIn(ctx))];
    const p = await makeProduct(ctx, admin);
    const line = { params: { path: { productId: p.id } } };
    await unwrap(alice.POST('/api/v1/cart/items', { body: { productId: p.id, quantity: 2 } }));
    assert.deepEqual((await unwrap(bob.GET('/api/v1/cart'))).items, []);
    assert.equal(
      (await bob.PATCH('/api/v1/cart/items/{productId}', { ...line, body: { quantity: 5 } })).error?.error,
      'CART_ITEM_NOT_FOUND',
    );
    assert.equal((await bob.DELETE('/api/v1/cart/items/{productId}', line)).response.status, 404);
    assert.equal((await unwrap(alice.GET('/api/v1/cart'))).items[0]?.quantity, 2);
    assert.equal((await api(ctx).GET('/api/v1/cart')).response.status, 401);
  });
});
