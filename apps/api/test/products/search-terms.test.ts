import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { makeCategory, makeProduct, searchPagesByPhase } from '../helpers/catalog.js';
import { createUserAndSignIn, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';

/**
 * A one-word search by relevance reads its page from product_search_terms (migration 0016)
 * instead of ranking every match; these tests hold it to exactly what ranking every match
 * gives, and the table to the products' search vectors through every kind of change.
 */
describe('one-word searches from the search-term index', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  let category: { id: string; slug: string };

  before(async () => {
    ctx = await startTestApp();
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
    category = await makeCategory(ctx, admin, { name: 'Teaware' });
    const other = await makeCategory(ctx, admin, { name: 'Kitchen' });
    const names = ['Blue Mug', 'Mug Mug Mug', 'Red Ceramic Mugs', 'Teapot', 'Glass Tumbler', "O'Brien's Mug", 'Oak Board'];
    const descriptions = ['A mug for tea.', 'Mugs, mugs and more mugs.', 'Made by hand.', 'Pour tea; serve guests.', ''];
    for (let i = 0; i < 30; i++) {
      await makeProduct(ctx, admin, {
        name: `${names[i % names.length]} ${i}`,
        sku: `TW-${i}`,
        description: descriptions[i % descriptions.length],
        categoryId: i % 2 ? category.id : other.id,
        isActive: i % 7 !== 3,
      });
    }
  });
  after(() => ctx?.close());

  /** Every page of a search at the repository, with or without the term index. */
  const allPages = (q: string, limit: number, forAdmin: boolean, byTerm: boolean) =>
    searchPagesByPhase(ctx.db, q, limit, { forAdmin, byTerm });

  it('when one word is searched, then every page is what ranking every match gives, for customers and admins', async () => {
    for (const q of ['mug', 'mugs', 'MUG', 'teaware', 'kitchen', 'tw-4', 'tea', 'pour', 'brien', 'board', 'nothing']) {
      for (const forAdmin of [false, true]) {
        const ranked = await allPages(q, 100, forAdmin, false);
        for (const limit of [1, 4, 100]) {
          const fromIndex = await allPages(q, limit, forAdmin, true);
          assert.deepEqual(fromIndex, ranked, `${q}, pages of ${limit}${forAdmin ? ', admin' : ''}`);
        }
      }
    }
    const mugs = await allPages('mug', 100, false, true);
    assert.ok(mugs.length > 10, `${mugs.length}`);
    assert.ok(
      mugs.every((row) => row.json.includes('"isActive":true')),
      'customers never see inactive products',
    );
  });

  it('when the query is not one plain word, then the matches are ranked as before (phrases, negations, stop words, typos)', async () => {
    for (const q of ['blue mug', '"blue mug"', 'mug -blue', 'mug or teapot', 'the', 'mgu', '%', "o'brien"]) {
      const ranked = await allPages(q, 100, false, false);
      assert.deepEqual(await allPages(q, 3, false, true), ranked, q);
    }
    const [oneWord] = rowsOf<{ term: string | null; many: string | null; negated: string | null; none: string | null }>(
      await ctx.db.execute(sql`select
        lexeme_of_tsquery(websearch_to_tsquery('english', 'Mugs')) as term,
        lexeme_of_tsquery(websearch_to_tsquery('english', 'blue mugs')) as many,
        lexeme_of_tsquery(websearch_to_tsquery('english', '-mugs')) as negated,
        lexeme_of_tsquery(websearch_to_tsquery('english', 'the')) as none`),
    );
    assert.deepEqual(oneWord, { term: 'mug', many: null, negated: null, none: null });
  });

  it('when a lexeme holds quotes or backslashes, then it survives the trip to a tsquery and back', async () => {
    for (const lexeme of ["o'brien", 'a\\b', "''\\\\'", '-24011', 'a:b', 'x y']) {
      const [row] = rowsOf<{ back: string }>(await ctx.db.execute(sql`select lexeme_of_tsquery(tsquery_of_lexeme(${lexeme})) as back`));
      assert.equal(row?.back, lexeme);
    }
  });

  /** Products whose terms or ranks differ from what their search vectors give now. */
  async function staleTerms(): Promise<number> {
    const [row] = rowsOf<{ n: number }>(
      await ctx.db.execute(sql`
        select count(*)::int as n from (
          (select product_id, term, rank from product_search_terms
           except select t.* from products p, product_search_terms_of(p.id, p.search_vector) t)
          union all
          (select t.* from products p, product_search_terms_of(p.id, p.search_vector) t
           except select product_id, term, rank from product_search_terms)
        ) differences`),
    );
    return row?.n ?? -1;
  }

  const search = async (q: string, auth?: Record<string, string>) => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/products?q=${encodeURIComponent(q)}&limit=100`, headers: auth });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().items.map((p: { id: string }) => p.id) as string[];
  };

  it('when a product, its category or its status changes, then one-word searches find it by what it is now', async () => {
    assert.equal(await staleTerms(), 0);
    const product = await makeProduct(ctx, admin, { name: 'Zephyr Kettle', description: 'Whistles.', categoryId: category.id });
    assert.deepEqual(await search('zephyr'), [product.id]);
    assert.ok((await search('whistle')).includes(product.id));

    const renamed = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${product.id}`,
      headers: admin.auth,
      payload: { name: 'Mistral Kettle', description: 'Sings.' },
    });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.deepEqual(await search('zephyr'), []);
    assert.deepEqual(await search('whistle'), []);
    assert.deepEqual(await search('mistral'), [product.id]);

    const recategorised = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/categories/${category.id}`,
      headers: admin.auth,
      payload: { name: 'Samovars' },
    });
    assert.equal(recategorised.statusCode, 200, recategorised.body);
    assert.ok((await search('samovar')).includes(product.id));
    assert.ok(!(await search('teaware')).includes(product.id));

    const deactivated = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${product.id}`,
      headers: admin.auth,
      payload: { isActive: false },
    });
    assert.equal(deactivated.statusCode, 200, deactivated.body);
    assert.deepEqual(await search('mistral'), []);
    assert.deepEqual(await search('mistral', admin.auth), [product.id]);
    assert.equal(await staleTerms(), 0);

    const removed = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/products/${product.id}`, headers: admin.auth });
    assert.ok([200, 204].includes(removed.statusCode), removed.body);
    assert.deepEqual(await search('mistral', admin.auth), []);
    const [left] = rowsOf<{ n: number }>(
      await ctx.db.execute(sql`select count(*)::int as n from product_search_terms where product_id = ${product.id}`),
    );
    assert.equal(left?.n, 0);
    assert.equal(await staleTerms(), 0);
  });

  it('when stock or price changes, then the product keeps its search terms untouched', async () => {
    const product = await makeProduct(ctx, admin, { name: 'Sirocco Jug' });
    const before = rowsOf<{ xmin: string }>(
      await ctx.db.execute(sql`select xmin::text from product_search_terms where product_id = ${product.id} order by term`),
    );
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${product.id}`,
      headers: admin.auth,
      payload: { priceCents: 4321, stockAdjustment: -7 },
    });
    assert.equal(res.statusCode, 200, res.body);
    const afterwards = rowsOf<{ xmin: string }>(
      await ctx.db.execute(sql`select xmin::text from product_search_terms where product_id = ${product.id} order by term`),
    );
    assert.ok(before.length > 0);
    assert.deepEqual(afterwards, before);
  });
});
