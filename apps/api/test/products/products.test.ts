import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProductListSchema, ProductResponseSchema, ProductSchema } from '@emporium/contracts';
import { asc, eq, sql } from 'drizzle-orm';
import { categories, productImages, products } from '../../src/db/schema/index.js';
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

  /** What the API must show of a product, from its rows (image files served from /uploads). */
  async function expectedProduct(id: string, forAdmin: boolean) {
    const [p] = await ctx.db.select().from(products).where(eq(products.id, id));
    assert.ok(p);
    const [category] = p.categoryId
      ? await ctx.db
          .select({ id: categories.id, name: categories.name, slug: categories.slug })
          .from(categories)
          .where(eq(categories.id, p.categoryId))
      : [null];
    const imageRows = await ctx.db
      .select()
      .from(productImages)
      .where(eq(productImages.productId, id))
      .orderBy(asc(productImages.position), asc(productImages.createdAt));
    return {
      id: p.id,
      name: p.name,
      slug: p.slug,
      description: p.description,
      priceCents: p.priceCents,
      compareAtPriceCents: p.compareAtPriceCents,
      ...(forAdmin ? { costPerItemCents: p.costPerItemCents } : {}),
      sku: p.sku,
      stockQuantity: p.stockQuantity,
      isActive: p.isActive,
      isFeatured: p.isFeatured,
      category: category ?? null,
      images: imageRows.map(({ id, storageKey, format, alt, width, height, position }) => {
        const url = (size: string, ext = format === 'png' ? 'png' : 'jpg') => `/uploads/${storageKey}-${size}.${ext}`;
        return {
          id,
          url: url('large'),
          thumbnailUrl: url('thumbnail'),
          alt,
          width,
          height,
          position,
          variants: {
            thumbnail: url('thumbnail'),
            medium: url('medium'),
            large: url('large'),
            thumbnailWebp: url('thumbnail', 'webp'),
            mediumWebp: url('medium', 'webp'),
            largeWebp: url('large', 'webp'),
          },
        };
      }),
      ratingAverage: p.ratingAverage,
      ratingCount: p.ratingCount,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    };
  }

  it('when products are read in any way, then each is exactly the product schema, field for field from its rows', async () => {
    const category = await makeCategory(ctx, admin, { name: 'Quotes "and" \\ slashes' });
    const odd = await makeProduct(ctx, admin, {
      name: 'Mug "Deluxe" \\ – ünïcödé 😀 \u0001 tab\there',
      description: 'Line one\nline two\r\n</script>',
      priceCents: 1999,
      compareAtPriceCents: 2999,
      costPerItemCents: 850,
      categoryId: category.id,
      isFeatured: true,
    });
    const plain = await makeProduct(ctx, admin, { priceCents: 5, costPerItemCents: null });
    const hidden = await makeProduct(ctx, admin, { isActive: false, categoryId: category.id });
    await ctx.db.execute(sql`update products set rating_average = 4.33, rating_count = 3 where id = ${odd.id}`);
    // Out of display order, one PNG, an alt that needs escaping: the trigger orders and shapes them.
    await ctx.db.insert(productImages).values([
      { productId: odd.id, storageKey: 'products/test/b', format: 'png', width: 10, height: 20, alt: 'second "img"', position: 1 },
      { productId: odd.id, storageKey: 'products/test/a', format: 'jpeg', width: 30, height: 40, alt: '', position: 0 },
    ]);
    const strict = ProductSchema.strict();

    for (const who of [undefined, admin]) {
      const forAdmin = who === admin;
      const shown = forAdmin ? [odd, plain, hidden] : [odd, plain];
      for (const { id, slug } of shown) {
        const expected = await expectedProduct(id, forAdmin);
        for (const url of [`/products/${id}`, `/products/slug/${slug}`]) {
          const res = await api('GET', url, who);
          assert.equal(res.statusCode, 200, url);
          assert.match(res.headers['content-type'] as string, /^application\/json; charset=utf-8/);
          const body = ProductResponseSchema.strict().parse(res.json());
          assert.deepEqual(strict.parse(body.product), expected, url);
          assert.deepEqual(body.product, expected, `${url} has no field beyond the schema`);
        }
      }
      const list = await api('GET', `/products?category=${category.slug}&sort=price_asc&limit=1`, who);
      const page = ProductListSchema.strict().parse(list.json());
      assert.deepEqual(page.items, [await expectedProduct(forAdmin ? hidden.id : odd.id, forAdmin)]);
      if (!forAdmin) assert.equal(page.nextCursor, null);
      else {
        const next = await api('GET', `/products?category=${category.slug}&sort=price_asc&limit=1&cursor=${page.nextCursor}`, who);
        assert.deepEqual(ProductListSchema.strict().parse(next.json()).items, [await expectedProduct(odd.id, true)]);
      }
    }
    const inCart = await api('POST', '/cart/items', customer, { productId: odd.id, quantity: 1 });
    assert.equal(inCart.statusCode, 200, inCart.body);
    assert.deepEqual(inCart.json().items[0].product, await expectedProduct(odd.id, false));
  });

  it('when anything a product shows changes, by any path, then its reads show the change', async () => {
    const category = await makeCategory(ctx, admin, { name: 'Before' });
    const product = await makeProduct(ctx, admin, { categoryId: category.id, costPerItemCents: 100 });
    // Signed-in reads skip the response cache: they show what the database holds now.
    const readsMatchRows = async (step: string) => {
      for (const [who, forAdmin] of [
        [customer, false],
        [admin, true],
      ] as const) {
        const expected = await expectedProduct(product.id, forAdmin);
        assert.deepEqual((await api('GET', `/products/${product.id}`, who)).json().product, expected, `${step}: by id`);
        const page = await api('GET', `/products?category=${expected.category?.slug ?? category.slug}&limit=5`, who);
        if (expected.category) assert.deepEqual(page.json().items, [expected], `${step}: in its category`);
      }
    };
    await readsMatchRows('created');
    const patched = await api('PATCH', `/products/${product.id}`, admin, {
      name: 'Renamed "thing"',
      priceCents: 4321,
      description: 'New words',
      isFeatured: true,
      costPerItemCents: 200,
    });
    assert.equal(patched.statusCode, 200, patched.body);
    await readsMatchRows('product patched');
    assert.equal((await api('PATCH', `/categories/${category.id}`, admin, { slug: 'after-rename' })).statusCode, 200);
    await readsMatchRows('category moved to a new slug');
    assert.equal((await api('PATCH', `/categories/${category.id}`, admin, { name: 'After' })).statusCode, 200);
    await readsMatchRows('category renamed');
    await ctx.db.execute(sql`update products set stock_quantity = 3 where id = ${product.id}`);
    await readsMatchRows('stock taken (as checkout takes it)');
    await ctx.db.execute(sql`update products set rating_average = 2.5, rating_count = 2 where id = ${product.id}`);
    await readsMatchRows('rated');
    await ctx.db
      .insert(productImages)
      .values({ productId: product.id, storageKey: 'products/test/c', format: 'jpeg', width: 1, height: 1 });
    await readsMatchRows('image added');
    await ctx.db.delete(productImages).where(eq(productImages.productId, product.id));
    await readsMatchRows('image removed');
    assert.equal((await api('PATCH', `/products/${product.id}`, admin, { categoryId: null })).statusCode, 200);
    await readsMatchRows('taken out of its category');
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
