import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { makeCategory, makeProduct, productPages, searchPagesByPhase } from '../helpers/catalog.js';
import { createUserAndSignIn, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';

/**
 * Typo matching looks each word of a query up in the catalog's words (search_words, migration
 * 0017), kept by triggers as products and categories change; these tests hold the table to a
 * count made from the products themselves, and the matches to what comparing every product's
 * text by trigrams gives.
 */
describe('typo matching through the catalog words', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  let category: { id: string; slug: string };

  before(async () => {
    ctx = await startTestApp();
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
    category = await makeCategory(ctx, admin, { name: 'Teaware' });
    const names = ['Blue Ceramic Mug', 'Green Glass Vase', 'Copper Kettle', "O'Brien's Teapot", 'Oak T-Shirt Hanger', 'Samovar'];
    for (let i = 0; i < 18; i++) {
      await makeProduct(ctx, admin, { name: `${names[i % names.length]} ${100 + i}`, sku: `SW-${i}`, categoryId: category.id });
    }
  });
  after(() => ctx?.close());

  /** Words whose count differs from a count made from the products now (0 when the table is right). */
  async function miscounted(): Promise<number> {
    const [row] = rowsOf<{ n: number }>(
      await ctx.db.execute(sql`
        with recount as (
          select w as word, count(*)::int as products from products, unnest(search_words_of(search_text)) w group by w
        )
        select count(*)::int as n from (
          (select word, products from search_words except select word, products from recount)
          union all
          (select word, products from recount except select word, products from search_words)
        ) differences`),
    );
    return row?.n ?? -1;
  }

  const names = async (q: string) => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/products?q=${encodeURIComponent(q)}&limit=100` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().items.map((p: { name: string }) => p.name) as string[];
  };

  it('when words are misspelt, then the products found are those whose every word is close by trigrams, as before', async () => {
    assert.equal(await miscounted(), 0);
    for (const words of [
      ['blu', 'mugg'],
      ['ceramc'],
      ['gren', 'vse'],
      ['coper', 'kettl'],
      ['samovr'],
      ['obrien'],
      ['zzzz', 'mug'],
      ['shirt'],
    ]) {
      const list = `{${words.join(',')}}`;
      const rows = rowsOf<{ id: string; close: boolean; found: boolean }>(
        await ctx.db.execute(sql`
          select id,
            (select bool_and(w <% search_text) from unnest(${list}::text[]) w) as close,
            coalesce(search_words_vector(search_text) @@ typo_tsquery(${list}::text[]), false) as found
          from products order by id`),
      );
      const close = rows.filter((r) => r.close).map((r) => r.id);
      assert.deepEqual(
        rows.filter((r) => r.found).map((r) => r.id),
        close,
        words.join(' '),
      );
    }
    assert.ok((await names('blu mugg')).every((n) => n.startsWith('Blue Ceramic Mug')));
    assert.equal((await names('blu mugg')).length, 3);
    assert.equal((await names('samovr')).length, 3);
  });

  /** Every page through the API, `limit` at a time. */
  const apiPages = async (q: string, limit: number, auth?: Record<string, string>) =>
    (await productPages(ctx, `q=${encodeURIComponent(q)}`, limit, auth)).map((p) => p.id);

  /** Every page read phase by phase at the repository, one statement per phase. */
  const phasePages = async (q: string, limit: number, forAdmin: boolean) =>
    (await searchPagesByPhase(ctx.db, q, limit, { forAdmin, byTerm: true })).map((row) => row.id);

  it('when a search has several words, then its one statement gives every page that reading phase by phase gives', async () => {
    for (const q of ['blu mugg', 'blue mug', 'the mug', 'ceramic mugg', 'copper kettle 102', 'glas', 'teawre', 'sw-3', 'nothing here']) {
      for (const forAdmin of [false, true]) {
        const expected = await phasePages(q, 100, forAdmin);
        for (const limit of [1, 2, 5, 100]) {
          assert.deepEqual(await apiPages(q, limit, forAdmin ? admin.auth : undefined), expected, `${q}, pages of ${limit}`);
        }
      }
    }
    assert.ok((await phasePages('ceramic mugg', 100, false)).length >= 3);
  });

  it('when the query excludes a word or a phrase, then no typo match holds it either', async () => {
    assert.deepEqual(await names('mug -blue'), []);
    assert.deepEqual(await names('mugg -blue'), []);
    assert.deepEqual(await names('ceramc -"blue ceramic"'), []);
    assert.equal((await names('ceramc -"ceramic vase"')).length, 3);
    assert.equal((await names('ceramc -green')).length, 3);
    assert.equal((await names('-blue mugg')).length, 0);
  });

  it('when a word holds a digit, then it must match as written', async () => {
    assert.deepEqual(await names('samovr 105'), ['Samovar 105']);
    assert.deepEqual(await names('samovr 106'), []);
    assert.deepEqual(await names('sw-11 samovr'), ['Samovar 111']);
  });

  it('when products are added, renamed, recategorised and deleted, then the words are counted as the products hold them', async () => {
    const product = await makeProduct(ctx, admin, { name: 'Zephyr Kettle', categoryId: category.id });
    assert.deepEqual(await names('zephy'), ['Zephyr Kettle']);
    assert.equal(await miscounted(), 0);

    const renamed = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${product.id}`,
      headers: admin.auth,
      payload: { name: 'Mistral Kettle' },
    });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.deepEqual(await names('zephy'), []);
    assert.deepEqual(await names('mistrel'), ['Mistral Kettle']);
    const zephyr = rowsOf(await ctx.db.execute(sql`select 1 from search_words where word = 'zephyr'`));
    assert.equal(zephyr.length, 0, 'a word no product holds is gone');
    assert.equal(await miscounted(), 0);

    // Stock and price leave the words alone (the trigger fires only when the text changes).
    const restocked = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${product.id}`,
      headers: admin.auth,
      payload: { stockAdjustment: -3, priceCents: 1234 },
    });
    assert.equal(restocked.statusCode, 200, restocked.body);
    assert.equal(await miscounted(), 0);

    const recategorised = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/categories/${category.id}`,
      headers: admin.auth,
      payload: { name: 'Samovars' },
    });
    assert.equal(recategorised.statusCode, 200, recategorised.body);
    assert.ok((await names('samovrs mistrel')).includes('Mistral Kettle'));
    assert.equal(rowsOf(await ctx.db.execute(sql`select 1 from search_words where word = 'teaware'`)).length, 0);
    assert.equal(await miscounted(), 0);

    const removed = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/products/${product.id}`, headers: admin.auth });
    assert.ok([200, 204].includes(removed.statusCode), removed.body);
    assert.deepEqual(await names('mistrel'), []);
    assert.equal(await miscounted(), 0);
  });

  // The words' counts are shared rows: every write locks its words in word order. A category
  // rename changes only the category's words in each of its products, so its rows all lock the
  // same words, and a product added at once locks its own in the same order.
  it('when categories are renamed while products sharing their words are added, then every write succeeds and the counts stay exact', {
    skip: !process.env.DATABASE_URL && 'PostgreSQL only (the embedded database runs one transaction at a time)',
  }, async () => {
    const shelves = await Promise.all(['Shelf Alpha', 'Shelf Beta'].map((name) => makeCategory(ctx, admin, { name })));
    const words = ['Amber', 'Basalt', 'Cobalt', 'Dune', 'Ember', 'Fjord'];
    for (const [i, shelf] of shelves.entries()) {
      for (let n = 0; n < 12; n++) {
        // Each product holds two of the shared words, in an order that differs across products.
        await makeProduct(ctx, admin, { name: `${words[(n + i) % 6]} ${words[(n * 5 + i) % 6]} Crate ${n}`, categoryId: shelf.id });
      }
    }
    const writes = [
      ...shelves.flatMap((shelf, i) =>
        ['Dune Ember Rack', 'Amber Fjord Rack'].map(
          (name) => () =>
            ctx.app.inject({
              method: 'PATCH',
              url: `/api/v1/categories/${shelf.id}`,
              headers: admin.auth,
              payload: { name: `${name} ${i}` },
            }),
        ),
      ),
      ...Array.from(
        { length: 16 },
        (_, n) => () =>
          ctx.app.inject({
            method: 'POST',
            url: '/api/v1/products',
            headers: admin.auth,
            payload: {
              name: `${words[(n * 5) % 6]} ${words[n % 6]} Crate Extra ${n}`,
              sku: `SW-RACE-${n}`,
              priceCents: 100,
              categoryId: shelves[n % 2]?.id,
            },
          }),
      ),
    ];
    const answers = await Promise.all(writes.map((write) => write()));
    assert.deepEqual(
      answers.map((res) => res.statusCode).filter((status) => status >= 300),
      [],
      answers.map((res) => res.body).join('\n'),
    );
    assert.equal(await miscounted(), 0);
  });

  it('when many products arrive in one statement, then their words are counted once for the statement', async () => {
    await ctx.db.execute(sql`
      insert into products (name, slug, sku, price_cents, category_id)
      select 'Bulk Lantern ' || g, 'bulk-lantern-' || g, 'BULK-' || g, 1000, ${category.id}::uuid from generate_series(1, 50) g`);
    const [lantern] = rowsOf<{ products: number }>(await ctx.db.execute(sql`select products from search_words where word = 'lantern'`));
    assert.equal(lantern?.products, 50);
    assert.equal((await names('lanter')).length, 50);
    await ctx.db.execute(sql`delete from products where sku like 'BULK-%'`);
    assert.equal(rowsOf(await ctx.db.execute(sql`select 1 from search_words where word = 'lantern'`)).length, 0);
    assert.equal(await miscounted(), 0);
  });
});
