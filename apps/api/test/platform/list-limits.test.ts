import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_PAGE_SIZE } from '@emporium/contracts';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { createUserAndSignIn, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';

/** More rows than one page holds in every list. */
const ROWS = 130;

type Node = { id: string; children?: Node[] };

/** Every id of a page's items, and of their children when they are trees. */
function idsOf(items: Node[]): string[] {
  return items.flatMap((item) => [item.id, ...idsOf(item.children ?? [])]);
}

describe('every list endpoint caps its limit at 100 and pages by cursor', { timeout: 300_000 }, () => {
  let ctx: TestContext;
  let admin: SignedIn;
  let customer: SignedIn;
  let productId: string;

  const count = async (query: string) => Number(rowsOf<{ n: string }>(await ctx.db.execute(sql.raw(query)))[0]?.n);

  before(async () => {
    ctx = await startTestApp();
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
    customer = await createUserAndSignIn(ctx);
    const { db } = ctx;
    // Written in bulk: what is under test is the lists, not the writes.
    await db.execute(sql`insert into categories (name, slug, position)
      select 'List category ' || g, 'list-category-' || g, g % 7 from generate_series(1, ${ROWS}) g`);
    // A sub-tree under the first top-level category, so the tree pages carry children.
    await db.execute(sql`insert into categories (name, slug, parent_id)
      select 'Sub-category ' || g, 'sub-category-' || g, (select id from categories where slug = 'list-category-1')
      from generate_series(1, 12) g`);
    await db.execute(sql`insert into products (name, slug, sku, description, price_cents, stock_quantity)
      select 'Listed product ' || g, 'listed-product-' || g, 'LIST-' || g, '', 100 * g, 5 from generate_series(1, ${ROWS}) g`);
    productId = rowsOf<{ id: string }>(await db.execute(sql`select id from products order by slug limit 1`))[0]?.id ?? '';
    await db.execute(sql`insert into users (email, full_name, password_hash, is_verified)
      select 'reviewer-' || g || '@list.test', 'Reviewer ' || g, 'not-a-hash', true from generate_series(1, ${ROWS}) g`);
    await db.execute(sql`insert into reviews (product_id, user_id, rating, title)
      select ${productId}, id, 1 + (row_number() over ()) % 5, 'Fine' from users where email like 'reviewer-%'`);
    await db.execute(sql`insert into orders (order_number, user_id, subtotal_cents, total_cents, currency, shipping_address)
      select 'LIST-' || g, ${customer.id}, 1000, 1000, 'USD',
             '{"fullName":"A","line1":"B","line2":"","city":"C","postalCode":"1","country":"US","phone":""}'::jsonb
      from generate_series(1, ${ROWS}) g`);
    await db.execute(sql`insert into domain_events (type, subject_type, subject_id, payload)
      select 'list.tested', 'product', ${productId}, '{}'::jsonb from generate_series(1, ${ROWS}) g`);
    // Parked events and failed mail, all written at one instant: the cursor must break the tie.
    await db.execute(sql`insert into domain_events (type, subject_type, subject_id, payload, attempts, last_error, parked_at)
      select 'list.parked', 'product', ${productId}, '{}'::jsonb, 8, 'refused', now() from generate_series(1, ${ROWS}) g`);
    await db.execute(sql`insert into mail_outbox (template, recipient, data, status, attempts, last_error)
      select 'verify-email', 'failed-' || g || '@list.test', '{}'::jsonb, 'failed', 8, '550 no such mailbox'
      from generate_series(1, ${ROWS}) g`);
  });
  after(() => ctx?.close());

  const lists: { name: string; url: string; as?: () => SignedIn; expected: () => Promise<number> }[] = [
    { name: 'products', url: '/api/v1/products', expected: () => count('select count(*) as n from products where is_active') },
    { name: 'products (admin)', url: '/api/v1/products', as: () => admin, expected: () => count('select count(*) as n from products') },
    { name: 'categories', url: '/api/v1/categories', expected: () => count('select count(*) as n from categories') },
    { name: 'categories as trees', url: '/api/v1/categories?format=tree', expected: () => count('select count(*) as n from categories') },
    {
      name: "a product's reviews",
      url: '/api/v1/products/{product}/reviews',
      expected: () => count('select count(*) as n from reviews'),
    },
    { name: 'reviews (admin)', url: '/api/v1/reviews', as: () => admin, expected: () => count('select count(*) as n from reviews') },
    {
      name: 'users (admin)',
      url: '/api/v1/users',
      as: () => admin,
      expected: () => count('select count(*) as n from users where deleted_at is null'),
    },
    { name: 'own orders', url: '/api/v1/orders', as: () => customer, expected: () => count('select count(*) as n from orders') },
    { name: 'orders (admin)', url: '/api/v1/orders', as: () => admin, expected: () => count('select count(*) as n from orders') },
    {
      name: 'audit log (admin)',
      url: '/api/v1/admin/audit-log',
      as: () => admin,
      expected: () => count('select count(*) as n from domain_events'),
    },
    {
      name: 'parked events (admin)',
      url: '/api/v1/admin/events/parked',
      as: () => admin,
      expected: () => count('select count(*) as n from domain_events where parked_at is not null and published_at is null'),
    },
    {
      name: 'failed mail (admin)',
      url: '/api/v1/admin/mail/failed',
      as: () => admin,
      expected: () => count("select count(*) as n from mail_outbox where status = 'failed'"),
    },
  ];

  for (const list of lists) {
    it(`when the ${list.name} list is read with limit=1000, then each page holds at most 100 and the cursor reaches every one`, async () => {
      const base = list.url.replace('{product}', productId);
      const headers = list.as?.().auth ?? {};
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query = new URLSearchParams({ limit: '1000', ...(cursor ? { cursor } : {}) });
        const res = await ctx.app.inject({ method: 'GET', url: `${base}${base.includes('?') ? '&' : '?'}${query}`, headers });
        assert.equal(res.statusCode, 200, res.body);
        const page = res.json() as { items: Node[]; nextCursor: string | null };
        assert.ok(page.items.length <= MAX_PAGE_SIZE, `${page.items.length} items in one page`);
        if (pages === 0) assert.notEqual(page.nextCursor, null, 'more than a page exists');
        if (page.nextCursor !== null) assert.ok(page.items.length > 0);
        seen.push(...idsOf(page.items));
        cursor = page.nextCursor;
        pages++;
        assert.ok(pages < 20, 'paging ends');
      } while (cursor);
      assert.equal(new Set(seen).size, seen.length, 'no item twice');
      assert.equal(seen.length, await list.expected());
    });
  }

  it('when categories are listed as trees, then a page counts top-level categories and each carries everything under it', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/categories?format=tree&limit=1' });
    const [first] = res.json().items as (Node & { slug: string; parentId: string | null })[];
    assert.equal(res.json().items.length, 1);
    assert.equal(first?.parentId, null);
    const parent = await ctx.app.inject({ method: 'GET', url: '/api/v1/categories/list-category-1' });
    const all = await ctx.app.inject({ method: 'GET', url: '/api/v1/categories?format=tree&limit=100' });
    const node = (all.json().items as (Node & { id: string })[]).find((n) => n.id === parent.json().category.id);
    assert.equal(node?.children?.length, 12);
  });

  it('when a category cursor is tampered with, then 422 on the cursor field', async () => {
    for (const cursor of ['garbage', Buffer.from(JSON.stringify([1, 'x', 'not-a-uuid'])).toString('base64url')]) {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/categories?cursor=${cursor}` });
      assert.equal(res.statusCode, 422);
      assert.equal(res.json().errors?.[0]?.field, 'cursor');
    }
  });

  it('when a parked-event or failed-mail cursor is tampered with, then 422 on the cursor field', async () => {
    const tampered = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
    for (const url of [
      `/api/v1/admin/events/parked?cursor=${tampered([-1])}`,
      `/api/v1/admin/events/parked?cursor=${tampered(['1'])}`,
      `/api/v1/admin/mail/failed?cursor=${tampered(['2026-02-30T00:00:00.000Z', '0190e0b6-0000-7000-8000-000000000000'])}`,
      `/api/v1/admin/mail/failed?cursor=${tampered(['2026-01-01T00:00:00.000Z', 'x'])}`,
    ]) {
      const res = await ctx.app.inject({ method: 'GET', url, headers: admin.auth });
      assert.equal(res.statusCode, 422, url);
      assert.equal(res.json().errors?.[0]?.field, 'cursor');
    }
  });
});
