import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { makeCategory, makeProduct } from '../helpers/catalog.js';
import { createUserAndSignIn, errorOf, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';

describe('products: administration and reading', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  let customer: SignedIn;
  before(async () => {
    ctx = await startTestApp();
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
    customer = await createUserAndSignIn(ctx);
  });
  after(() => ctx.close());

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, who?: SignedIn, payload?: unknown) =>
    ctx.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: who ? who.auth : {},
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });

  it('when an admin creates a product, then every field is returned and the slug comes from the name', async () => {
    const category = await makeCategory(ctx, admin, { name: 'Kitchen Things' });
    const res = await api('POST', '/products', admin, {
      name: 'Blue Ceramic Mug',
      description: 'Holds 350 ml of coffee.',
      priceCents: 1450,
      compareAtPriceCents: 1800,
      costPerItemCents: 600,
      sku: 'MUG-BLUE-1',
      stockQuantity: 7,
      isFeatured: true,
      categoryId: category.id,
    });
    assert.equal(res.statusCode, 201);
    const p = res.json().product;
    assert.equal(p.slug, 'blue-ceramic-mug');
    assert.deepEqual(p.category, { id: category.id, name: 'Kitchen Things', slug: category.slug });
    assert.equal(p.priceCents, 1450);
    assert.equal(p.compareAtPriceCents, 1800);
    assert.equal(p.costPerItemCents, 600);
    assert.equal(p.isActive, true);
    assert.equal(p.ratingAverage, null);
    assert.equal(p.ratingCount, 0);
    assert.deepEqual(p.images, []);

    const second = await api('POST', '/products', admin, { name: 'Blue Ceramic Mug', sku: 'MUG-BLUE-2', priceCents: 100 });
    assert.equal(second.json().product.slug, 'blue-ceramic-mug-2');

    const publicView = await api('GET', `/products/${p.id}`);
    assert.equal(publicView.statusCode, 200);
    assert.equal('costPerItemCents' in publicView.json().product, false, 'cost is for admins only');
    const bySlug = await api('GET', '/products/slug/blue-ceramic-mug');
    assert.equal(bySlug.json().product.id, p.id);
  });

  it('when a product body is invalid, then 422 names each field; money must be whole cents', async () => {
    const res = await api('POST', '/products', admin, {
      name: '',
      sku: 'bad sku!',
      priceCents: 12.5,
      stockQuantity: -1,
      compareAtPriceCents: 'lots',
      categoryId: 'nope',
      slug: 'Not A Slug',
      extra: true,
    });
    assert.equal(res.statusCode, 422);
    const fields = (errorOf(res).errors ?? []).map((e) => e.field).sort();
    assert.deepEqual(fields, ['categoryId', 'compareAtPriceCents', 'extra', 'name', 'priceCents', 'sku', 'slug', 'stockQuantity']);
    const huge = await api('POST', '/products', admin, { name: 'Huge', sku: 'HUGE', priceCents: 1e15 });
    assert.equal(huge.statusCode, 422);
  });

  it('when the compare-at price does not exceed the price, then 422, on create and on update', async () => {
    const create = await api('POST', '/products', admin, { name: 'Cheap', sku: 'CHEAP-1', priceCents: 500, compareAtPriceCents: 500 });
    assert.equal(create.statusCode, 422);
    assert.equal(errorOf(create).errors?.[0]?.field, 'compareAtPriceCents');
    const p = await makeProduct(ctx, admin, { priceCents: 500, compareAtPriceCents: 900 });
    const raise = await api('PATCH', `/products/${p.id}`, admin, { priceCents: 1000 });
    assert.equal(raise.statusCode, 422);
    const both = await api('PATCH', `/products/${p.id}`, admin, { priceCents: 1000, compareAtPriceCents: null });
    assert.equal(both.statusCode, 200);
  });

  it('when a slug or SKU is taken, then 409; an unknown category is 422', async () => {
    const p = await makeProduct(ctx, admin, { sku: 'UNIQUE-1', slug: 'unique-one' });
    const sku = await api('POST', '/products', admin, { name: 'Other', sku: 'UNIQUE-1', priceCents: 1 });
    assert.equal(sku.statusCode, 409);
    assert.equal(errorOf(sku).error, 'SKU_TAKEN');
    const slug = await api('PATCH', `/products/${(await makeProduct(ctx, admin)).id}`, admin, { slug: 'unique-one' });
    assert.equal(slug.statusCode, 409);
    assert.equal(errorOf(slug).error, 'SLUG_TAKEN');
    const cat = await api('PUT', `/products/${p.id}`, admin, { categoryId: '00000000-0000-4000-8000-000000000000' });
    assert.equal(cat.statusCode, 422);
  });

  it('when stock would go negative, then the database refuses it too', async () => {
    const p = await makeProduct(ctx, admin);
    await assert.rejects(ctx.db.execute(sql`update products set stock_quantity = -1 where id = ${p.id}`));
  });

  it('when a product is inactive, then only admins can see it', async () => {
    const p = await makeProduct(ctx, admin, { isActive: false, name: 'Hidden Gadget' });
    assert.equal((await api('GET', `/products/${p.id}`)).statusCode, 404);
    assert.equal((await api('GET', `/products/${p.id}`, customer)).statusCode, 404);
    assert.equal((await api('GET', `/products/slug/${p.slug}`)).statusCode, 404);
    assert.equal((await api('GET', `/products/${p.id}`, admin)).statusCode, 200);
    const list = (await api('GET', '/products?q=Hidden%20Gadget')).json();
    assert.equal(list.items.length, 0);
    const adminList = (await api('GET', '/products?q=Hidden%20Gadget&isActive=false', admin)).json();
    assert.equal(adminList.items.length, 1);
  });

  it('when customers or anonymous callers write, then 403 / 401', async () => {
    const p = await makeProduct(ctx, admin);
    for (const [method, url, body] of [
      ['POST', '/products', { name: 'x', sku: 'x', priceCents: 1 }],
      ['PATCH', `/products/${p.id}`, { priceCents: 1 }],
      ['DELETE', `/products/${p.id}`, undefined],
      ['POST', '/categories', { name: 'x' }],
    ] as const) {
      assert.equal((await api(method, url, customer, body)).statusCode, 403, `${method} ${url}`);
      assert.equal((await api(method, url, undefined, body)).statusCode, 401, `${method} ${url}`);
    }
  });

  it('when a product that was never ordered is deleted, then it is gone; one still referenced is deactivated', async () => {
    const p = await makeProduct(ctx, admin);
    assert.equal((await api('DELETE', `/products/${p.id}`, admin)).statusCode, 204);
    assert.equal((await api('GET', `/products/${p.id}`, admin)).statusCode, 404);

    const ordered = await makeProduct(ctx, admin);
    // Stands in for order lines, which refer to products with ON DELETE RESTRICT.
    await ctx.db.execute(
      sql.raw('create table if not exists test_product_refs (product_id uuid not null references products(id) on delete restrict)'),
    );
    await ctx.db.execute(sql`insert into test_product_refs values (${ordered.id})`);
    const res = await api('DELETE', `/products/${ordered.id}`, admin);
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().outcome, 'deactivated');
    assert.equal(res.json().product.isActive, false);
    assert.equal((await api('GET', `/products/${ordered.id}`)).statusCode, 404);
  });

  it('when public catalog responses are fetched again with If-None-Match, then 304; a change gives a new ETag', async () => {
    const p = await makeProduct(ctx, admin);
    const first = await api('GET', `/products/${p.id}`);
    const etag = first.headers.etag as string;
    assert.ok(etag);
    assert.match(first.headers['cache-control'] as string, /public/);
    const again = await ctx.app.inject({ method: 'GET', url: `/api/v1/products/${p.id}`, headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    await api('PATCH', `/products/${p.id}`, admin, { priceCents: 4321 });
    const changed = await ctx.app.inject({ method: 'GET', url: `/api/v1/products/${p.id}`, headers: { 'if-none-match': etag } });
    assert.equal(changed.statusCode, 200);
    assert.notEqual(changed.headers.etag, etag);
    const store = await api('GET', '/store');
    assert.equal(store.json().currency, 'USD');
    assert.ok(store.headers.etag);
  });
});
