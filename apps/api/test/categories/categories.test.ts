import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { products as productsTable } from '../../src/db/schema/index.js';
import { makeCategory, makeProduct } from '../helpers/catalog.js';
import { createUserAndSignIn, errorOf, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';

describe('categories', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  before(async () => {
    ctx = await startTestApp();
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
  });
  after(() => ctx.close());

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
    ctx.app.inject({ method, url: `/api/v1/categories${url}`, headers: admin.auth, ...(payload ? { payload } : {}) });

  it('when categories are nested, then the tree shows them nested and the flat list shows them all', async () => {
    const root = await makeCategory(ctx, admin, { name: 'Garden & Outdoors' });
    assert.equal(root.slug, 'garden-and-outdoors');
    const child = await makeCategory(ctx, admin, { name: 'Planters', parentId: root.id });
    await makeProduct(ctx, admin, { categoryId: child.id });
    const tree = (await ctx.app.inject({ method: 'GET', url: '/api/v1/categories?format=tree' })).json().items;
    const node = tree.find((c: { id: string }) => c.id === root.id);
    assert.equal(node.children.length, 1);
    assert.equal(node.children[0].id, child.id);
    assert.equal(node.children[0].productCount, 1);
    const flat = (await ctx.app.inject({ method: 'GET', url: '/api/v1/categories' })).json().items;
    assert.ok(flat.some((c: { id: string; parentId: string }) => c.id === child.id && c.parentId === root.id));
    assert.equal((await ctx.app.inject({ method: 'GET', url: `/api/v1/categories/${child.slug}` })).json().category.id, child.id);
    assert.equal((await ctx.app.inject({ method: 'GET', url: `/api/v1/categories/${child.id}` })).json().category.slug, child.slug);
    assert.equal((await ctx.app.inject({ method: 'GET', url: '/api/v1/categories/nothing-like-this' })).statusCode, 404);
  });

  it('when products are added, taken off sale, moved and deleted, then each category counts its active products at once', async () => {
    const a = await makeCategory(ctx, admin);
    const b = await makeCategory(ctx, admin);
    const counts = async () => {
      const flat = (await ctx.app.inject({ method: 'GET', url: '/api/v1/categories' })).json().items as {
        id: string;
        productCount: number;
      }[];
      const one = async (id: string) => (await api('GET', `/${id}`)).json().category.productCount;
      const listed = [a.id, b.id].map((id) => flat.find((c) => c.id === id)?.productCount);
      assert.deepEqual([await one(a.id), await one(b.id)], listed, 'the list and each category agree');
      return listed;
    };
    const product = (id: string, body: Record<string, unknown>) =>
      ctx.app.inject({ method: 'PATCH', url: `/api/v1/products/${id}`, headers: admin.auth, payload: body });

    const p1 = await makeProduct(ctx, admin, { categoryId: a.id });
    const p2 = await makeProduct(ctx, admin, { categoryId: a.id });
    await makeProduct(ctx, admin, { categoryId: b.id, isActive: false });
    const unfiled = await makeProduct(ctx, admin);
    assert.deepEqual(await counts(), [2, 0]);

    assert.equal((await product(p1.id, { isActive: false })).statusCode, 200);
    assert.deepEqual(await counts(), [1, 0]);
    assert.equal((await product(p2.id, { categoryId: b.id })).statusCode, 200);
    assert.deepEqual(await counts(), [0, 1]);
    assert.equal((await product(p1.id, { isActive: true, categoryId: b.id })).statusCode, 200);
    assert.deepEqual(await counts(), [0, 2]);
    assert.equal((await product(unfiled.id, { categoryId: a.id })).statusCode, 200);
    // A stock or price change leaves the counts alone.
    assert.equal((await product(p2.id, { stockAdjustment: 3, priceCents: 1234 })).statusCode, 200);
    assert.deepEqual(await counts(), [1, 2]);

    const removed = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/products/${p2.id}`, headers: admin.auth });
    assert.equal(removed.statusCode, 204);
    assert.deepEqual(await counts(), [1, 1]);
  });

  it('when products are created, moved, taken off sale and deleted all at once, then every count is still exact', {
    skip: !process.env.DATABASE_URL && 'PostgreSQL only (set DATABASE_URL): the embedded database runs one transaction at a time',
  }, async () => {
    const [a, b, c] = [await makeCategory(ctx, admin), await makeCategory(ctx, admin), await makeCategory(ctx, admin)];
    const products = await Promise.all(
      Array.from({ length: 40 }, (_, i) => makeProduct(ctx, admin, { categoryId: i % 2 ? a.id : b.id, isActive: i % 8 !== 0 })),
    );
    const send = (method: 'PATCH' | 'DELETE', id: string, payload?: Record<string, unknown>) =>
      ctx.app.inject({ method, url: `/api/v1/products/${id}`, headers: admin.auth, ...(payload ? { payload } : {}) });
    // Moves in both directions between a and b, into c, off and on sale, and deletions, at once.
    const changes = products.map((p, i) => {
      const to = [b.id, a.id, c.id][i % 3] ?? c.id;
      if (i % 10 === 9) return send('DELETE', p.id);
      if (i % 5 === 4) return send('PATCH', p.id, { isActive: i % 8 === 0 });
      return send('PATCH', p.id, { categoryId: to });
    });
    for (const res of await Promise.all(changes)) assert.ok(res.statusCode < 300, res.body);

    const flat = (await ctx.app.inject({ method: 'GET', url: '/api/v1/categories' })).json().items as {
      id: string;
      productCount: number;
    }[];
    const actual = new Map(
      (await ctx.db.select({ categoryId: productsTable.categoryId, isActive: productsTable.isActive }).from(productsTable))
        .filter((r) => r.isActive && r.categoryId)
        .reduce((m, r) => m.set(r.categoryId, (m.get(r.categoryId) ?? 0) + 1), new Map<string | null, number>()),
    );
    for (const category of [a, b, c]) {
      assert.equal(flat.find((x) => x.id === category.id)?.productCount, actual.get(category.id) ?? 0, category.name);
    }
  });

  it('when a category still has products or sub-categories, then deleting it is a 409 that says why', async () => {
    const parent = await makeCategory(ctx, admin);
    const child = await makeCategory(ctx, admin, { parentId: parent.id });
    await makeProduct(ctx, admin, { categoryId: child.id });
    const withChild = await api('DELETE', `/${parent.id}`);
    assert.equal(withChild.statusCode, 409);
    assert.match(errorOf(withChild).detail, /1 sub-category/);
    const withProduct = await api('DELETE', `/${child.id}`);
    assert.equal(withProduct.statusCode, 409);
    assert.equal(errorOf(withProduct).error, 'CATEGORY_IN_USE');
    assert.match(errorOf(withProduct).detail, /1 product/);
    const empty = await makeCategory(ctx, admin);
    assert.equal((await api('DELETE', `/${empty.id}`)).statusCode, 204);
    assert.equal((await api('DELETE', `/${empty.id}`)).statusCode, 404);
  });

  it('when a category is moved under itself or its descendant, then 422', async () => {
    const a = await makeCategory(ctx, admin);
    const b = await makeCategory(ctx, admin, { parentId: a.id });
    const c = await makeCategory(ctx, admin, { parentId: b.id });
    assert.equal((await api('PATCH', `/${a.id}`, { parentId: a.id })).statusCode, 422);
    assert.equal((await api('PATCH', `/${a.id}`, { parentId: c.id })).statusCode, 422);
    assert.equal((await api('PATCH', `/${c.id}`, { parentId: null })).statusCode, 200);
  });

  it('when categories are added, moved and removed, then each category page holds the products of its whole tree', async () => {
    const page = async (slug: string) =>
      (await ctx.app.inject({ method: 'GET', url: `/api/v1/products?category=${slug}&sort=price_asc` }))
        .json()
        .items.map((p: { id: string }) => p.id)
        .sort();
    const home = await makeCategory(ctx, admin);
    const garden = await makeCategory(ctx, admin);
    const kitchen = await makeCategory(ctx, admin, { parentId: home.id });
    const cups = await makeCategory(ctx, admin, { parentId: kitchen.id });
    const mug = await makeProduct(ctx, admin, { categoryId: cups.id });
    const pan = await makeProduct(ctx, admin, { categoryId: kitchen.id });
    assert.deepEqual(await page(home.slug), [mug.id, pan.id].sort());
    assert.deepEqual(await page(kitchen.slug), [mug.id, pan.id].sort());
    assert.deepEqual(await page(garden.slug), []);

    assert.equal((await api('PATCH', `/${kitchen.id}`, { parentId: garden.id })).statusCode, 200);
    assert.deepEqual(await page(home.slug), []);
    assert.deepEqual(await page(garden.slug), [mug.id, pan.id].sort());

    assert.equal((await api('PATCH', `/${cups.id}`, { parentId: null })).statusCode, 200);
    assert.deepEqual(await page(garden.slug), [pan.id]);
    assert.deepEqual(await page(cups.slug), [mug.id]);

    const empty = await makeCategory(ctx, admin, { parentId: cups.id });
    assert.equal((await api('DELETE', `/${empty.id}`)).statusCode, 204);
    assert.deepEqual(await page(cups.slug), [mug.id]);
  });

  it('when slugs collide, then 409; invalid bodies are 422', async () => {
    await makeCategory(ctx, admin, { name: 'Lighting', slug: 'lighting' });
    const dup = await api('POST', '', { name: 'Lamps', slug: 'lighting' });
    assert.equal(dup.statusCode, 409);
    assert.equal(errorOf(dup).error, 'SLUG_TAKEN');
    assert.equal((await api('POST', '', { name: '' })).statusCode, 422);
    assert.equal((await api('POST', '', { name: 'X', parentId: '00000000-0000-4000-8000-000000000000' })).statusCode, 422);
    assert.equal((await api('POST', '', { name: 'X', slug: 'Bad Slug' })).statusCode, 422);
  });

  it('when a category is renamed, then search finds its products by the new name', async () => {
    const cat = await makeCategory(ctx, admin, { name: 'Misc' });
    await makeProduct(ctx, admin, { name: 'Thing One', categoryId: cat.id });
    assert.equal((await api('PATCH', `/${cat.id}`, { name: 'Stationery' })).statusCode, 200);
    const found = (await ctx.app.inject({ method: 'GET', url: '/api/v1/products?q=stationery' })).json().items;
    assert.equal(found.length, 1);
    assert.equal(found[0].category.name, 'Stationery');
  });
});
