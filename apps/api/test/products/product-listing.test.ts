import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makeCategory, makeProduct, productPages } from '../helpers/catalog.js';
import { createUserAndSignIn, errorOf, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';

type Item = {
  id: string;
  name: string;
  priceCents: number;
  createdAt: string;
  ratingAverage: number | null;
  stockQuantity: number;
  isFeatured: boolean;
};

describe('browsing and searching products', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  let parentSlug: string;
  let childSlug: string;
  const all: Item[] = [];

  before(async () => {
    ctx = await startTestApp();
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
    const parent = await makeCategory(ctx, admin, { name: 'Home and Living' });
    const child = await makeCategory(ctx, admin, { name: 'Drinkware', parentId: parent.id });
    parentSlug = parent.slug;
    childSlug = child.slug;
    const names = [
      'Blue Ceramic Mug',
      'Red Ceramic Mug',
      'Glass Teapot',
      'Oak Cutting Board',
      'Linen Napkins',
      'Copper Kettle',
      'Wool Throw',
      'Stoneware Bowl',
    ];
    // Several products share a price so ties must be broken by id.
    const prices = [1200, 1200, 3500, 2400, 1200, 5600, 8900, 1800];
    for (let i = 0; i < 24; i++) {
      const p = await makeProduct(ctx, admin, {
        name: `${names[i % 8]} ${Math.floor(i / 8) + 1}`,
        priceCents: prices[i % 8],
        stockQuantity: i % 5 === 0 ? 0 : i,
        isFeatured: i % 4 === 0,
        categoryId: i % 3 === 0 ? child.id : parent.id,
        description: i % 8 === 0 ? 'A sturdy mug for tea and coffee.' : 'Made by hand.',
      });
      all.push(p as unknown as Item);
    }
    // Ratings for some products, straight in the table (reviews have their own tests).
    for (const [i, rating] of [
      [0, 4.5],
      [1, 3],
      [2, 4.5],
      [5, 5],
    ] as const) {
      const p = all[i];
      if (!p) continue;
      await ctx.db.execute(
        (await import('drizzle-orm')).sql`update products set rating_average = ${rating}, rating_count = 2 where id = ${p.id}`,
      );
      p.ratingAverage = rating;
    }
  });
  after(() => ctx.close());

  const pages = async (query: string, limit = 5) => (await productPages(ctx, query, limit)) as Item[];

  const byId = (a: Item, b: Item) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const expectations: Record<string, (a: Item, b: Item) => number> = {
    newest: (a, b) => b.createdAt.localeCompare(a.createdAt) || byId(b, a),
    price_asc: (a, b) => a.priceCents - b.priceCents || byId(a, b),
    price_desc: (a, b) => b.priceCents - a.priceCents || byId(b, a),
    rating: (a, b) => (b.ratingAverage ?? -1) - (a.ratingAverage ?? -1) || byId(b, a),
  };

  for (const [sort, compare] of Object.entries(expectations)) {
    it(`when sorted by ${sort} and paged 5 at a time, then every product appears once, in order`, async () => {
      const seen = await pages(`sort=${sort}`);
      assert.equal(new Set(seen.map((p) => p.id)).size, seen.length, 'no duplicates');
      assert.deepEqual(
        seen.map((p) => p.id),
        [...all].sort(compare).map((p) => p.id),
      );
    });
  }

  it('when sorted by name, then names never go backwards and nothing is lost', async () => {
    const seen = await pages('sort=name', 4);
    assert.equal(seen.length, all.length);
    assert.equal(new Set(seen.map((p) => p.id)).size, all.length);
  });

  it('when filters are combined with sorts, then results match the filters exactly with no gaps', async () => {
    const cases: [string, (p: Item) => boolean][] = [
      ['minPriceCents=1200&maxPriceCents=2400', (p) => p.priceCents >= 1200 && p.priceCents <= 2400],
      ['inStock=true', (p) => p.stockQuantity > 0],
      ['featured=true&inStock=true', (p) => p.isFeatured && p.stockQuantity > 0],
      ['minRating=4.5', (p) => (p.ratingAverage ?? 0) >= 4.5],
      ['maxPriceCents=1200&featured=false', (p) => p.priceCents <= 1200 && !p.isFeatured],
    ];
    for (const [filter, keep] of cases) {
      for (const sort of ['newest', 'price_asc', 'price_desc', 'rating', 'name']) {
        const seen = await pages(`${filter}&sort=${sort}`, 3);
        assert.deepEqual(
          seen.map((p) => p.id).sort(),
          all
            .filter(keep)
            .map((p) => p.id)
            .sort(),
          `${filter} ${sort}`,
        );
      }
    }
  });

  it('when filtering by a category slug, then its sub-categories are included', async () => {
    const parent = await pages(`category=${parentSlug}`, 10);
    assert.equal(parent.length, 24);
    const child = await pages(`category=${childSlug}`, 10);
    assert.equal(child.length, 8);
    // A tree's page merges its categories' rows: in order, across page ends, with no gaps.
    for (const [sort, compare] of Object.entries(expectations)) {
      const seen = await pages(`category=${parentSlug}&sort=${sort}`, 5);
      assert.deepEqual(
        seen.map((p) => p.id),
        [...all].sort(compare).map((p) => p.id),
        sort,
      );
      const cheap = await pages(`category=${parentSlug}&sort=${sort}&maxPriceCents=1800`, 3);
      assert.deepEqual(
        cheap.map((p) => p.id),
        all
          .filter((p) => p.priceCents <= 1800)
          .sort(compare)
          .map((p) => p.id),
        `${sort}, at most 1800`,
      );
    }
    const byName = await pages(`category=${parentSlug}&sort=name`, 4);
    assert.deepEqual(
      byName.map((p) => p.name),
      all.map((p) => p.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    const none = await ctx.app.inject({ method: 'GET', url: '/api/v1/products?category=no-such-category' });
    assert.deepEqual(none.json().items, []);
  });

  it('when searching with typos, then "blu mugg" still finds the blue mugs, ranked first', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/products?q=blu%20mugg' });
    const names = res.json().items.map((p: Item) => p.name);
    assert.ok(names.length >= 3, names.join(', '));
    assert.match(names[0], /^Blue Ceramic Mug/);
    assert.ok(!names.some((n: string) => /Kettle|Throw/.test(n)), names.join(', '));
  });

  it('when searching for words in the description or category, then full-text finds them', async () => {
    const tea = (await pages('q=sturdy%20coffee', 10)).map((p) => p.name);
    assert.equal(tea.length, 3);
    assert.ok(tea.every((n) => n.startsWith('Blue Ceramic Mug')));
    const drinkware = await pages('q=drinkware', 10);
    assert.equal(drinkware.length, 8);
  });

  it('when search results are paged by relevance, then there are no duplicates or gaps', async () => {
    const once = (await pages('q=mug', 100)).map((p) => p.id);
    const paged = (await pages('q=mug', 2)).map((p) => p.id);
    assert.deepEqual(paged, once);
  });

  it('when LIKE wildcards or SQL are typed into search, then they are just text', async () => {
    for (const q of ['%', '_', "'; drop table products; --", '\\', '"unterminated']) {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/products?q=${encodeURIComponent(q)}` });
      assert.equal(res.statusCode, 200, q);
    }
    assert.equal((await pages('sort=newest', 100)).length, 24);
  });

  it('when a query is malformed, then 422 (bad cursor, cursor of another sort, a limit below 1, unknown sort or field)', async () => {
    const first = (await ctx.app.inject({ method: 'GET', url: '/api/v1/products?sort=price_asc&limit=2' })).json();
    for (const qs of [
      'cursor=garbage',
      `sort=newest&cursor=${encodeURIComponent(first.nextCursor)}`,
      'limit=0',
      'sort=popularity',
      'minPriceCents=-1',
      'minRating=6',
      'inStock=yes',
      'color=red',
    ]) {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/products?${qs}` });
      assert.equal(res.statusCode, 422, qs);
      errorOf(res);
    }
    const capped = await ctx.app.inject({ method: 'GET', url: '/api/v1/products?limit=100' });
    assert.equal(capped.statusCode, 200);
  });

  it('when new products arrive between pages, then paging by newest neither repeats nor skips older ones', async () => {
    const firstPage = (await ctx.app.inject({ method: 'GET', url: '/api/v1/products?sort=newest&limit=5' })).json();
    await makeProduct(ctx, admin, { name: 'Late Arrival' });
    const rest = [];
    let cursor = firstPage.nextCursor;
    while (cursor) {
      const body = (
        await ctx.app.inject({ method: 'GET', url: `/api/v1/products?sort=newest&limit=5&cursor=${encodeURIComponent(cursor)}` })
      ).json();
      rest.push(...body.items);
      cursor = body.nextCursor;
    }
    const ids = [...firstPage.items, ...rest].map((p: Item) => p.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(ids.length, 24);
  });
});

describe('search by relevance: real matches, then typo matches', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  before(async () => {
    ctx = await startTestApp();
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
    for (const name of ['Samovar Classic', 'Samovar Deluxe', 'Samovar Mini', 'Samovarr Travel', 'Samovarr Camping'])
      await makeProduct(ctx, admin, { name });
  });
  after(() => ctx?.close());

  const search = async (q: string, limit: number) => {
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const qs: string = `q=${encodeURIComponent(q)}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/products?${qs}` });
      assert.equal(res.statusCode, 200, res.body);
      names.push(...res.json().items.map((p: Item) => p.name));
      cursor = res.json().nextCursor;
    } while (cursor);
    return names;
  };

  it('when a word matches some names exactly and others only with a typo, then the exact ones come first, and paging crosses over without gaps', async () => {
    const all = await search('samovar', 10);
    assert.equal(all.length, 5, all.join(', '));
    assert.ok(
      all.slice(0, 3).every((n) => n.startsWith('Samovar ')),
      all.join(', '),
    );
    assert.ok(
      all.slice(3).every((n) => n.startsWith('Samovarr ')),
      all.join(', '),
    );
    for (const limit of [1, 2, 3, 4]) assert.deepEqual(await search('samovar', limit), all, `pages of ${limit}`);
  });
});
