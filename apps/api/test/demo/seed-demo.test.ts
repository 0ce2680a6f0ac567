import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { DEMO_ACCOUNTS, seedDemo } from '../../src/demo/seed-demo.js';
import { verifyPassword } from '../../src/modules/auth/password.js';
import { LocalImageStorage } from '../../src/modules/images/image-storage.js';
import { findUserByEmail } from '../../src/modules/users/users.repository.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

describe('demo store', { timeout: 240_000 }, () => {
  let testDb: TestDatabase;
  let dir: string;
  before(async () => {
    testDb = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'emporium-demo-'));
    await seedDemo(testDb.database.db, new LocalImageStorage(dir));
  });
  after(async () => {
    await testDb.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const one = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await testDb.database.db.execute(query))[0] as T;

  it('when seeded, then a believable store: nested categories, 60+ products with images, stock levels and reviews', async () => {
    const c = await one<{ total: number; nested: number }>(sql`select count(*)::int total, count(parent_id)::int nested from categories`);
    assert.ok(c.total >= 8, `${c.total} categories`);
    assert.ok(c.nested >= 4);
    const p = await one<{ total: number; sold_out: number; low: number; compare_at: number; described: number; featured: number }>(sql`
      select count(*)::int total, count(*) filter (where stock_quantity = 0)::int sold_out,
        count(*) filter (where stock_quantity between 1 and 5)::int low,
        count(compare_at_price_cents)::int compare_at, count(*) filter (where length(description) > 40)::int described,
        count(*) filter (where is_featured)::int featured from products`);
    assert.ok(p.total >= 60, `${p.total} products`);
    assert.ok(p.sold_out >= 2 && p.low >= 2 && p.compare_at >= 5 && p.featured >= 5);
    assert.equal(p.described, p.total);
    const withImages = await one<{ n: number }>(sql`select count(distinct product_id)::int n from product_images`);
    assert.equal(withImages.n, p.total);
    const files = await readdir(join(dir, 'products'), { recursive: true });
    assert.equal(files.filter((f) => /\.(jpg|png|webp)$/.test(String(f))).length, p.total * 6);
    const ratings = await one<{ mismatched: number; rated: number }>(sql`
      select count(*) filter (where p.rating_count <> coalesce(r.n, 0) or p.rating_average is distinct from r.avg)::int mismatched,
             count(*) filter (where p.rating_count > 0)::int rated
      from products p left join (select product_id, count(*) n, round(avg(rating), 2) avg from reviews group by product_id) r on r.product_id = p.id`);
    assert.equal(ratings.mismatched, 0);
    assert.ok(ratings.rated >= 20);
  });

  it('then the demo admin and a verified demo customer can sign in with the printed credentials', async () => {
    for (const [role, account] of Object.entries(DEMO_ACCOUNTS)) {
      const user = await findUserByEmail(testDb.database.db, account.email);
      assert.ok(user, role);
      assert.equal(user.role, role);
      assert.equal(user.isVerified, true);
      assert.ok(await verifyPassword(user.passwordHash, account.password));
    }
  });

  it('when seeded again, then nothing is added or changed', async () => {
    const before = await one<{ p: number; i: number; r: number; u: number }>(
      sql`select (select count(*) from products)::int p, (select count(*) from product_images)::int i, (select count(*) from reviews)::int r, (select count(*) from users)::int u`,
    );
    await seedDemo(testDb.database.db, new LocalImageStorage(dir));
    const afterwards = await one<typeof before>(
      sql`select (select count(*) from products)::int p, (select count(*) from product_images)::int i, (select count(*) from reviews)::int r, (select count(*) from users)::int u`,
    );
    assert.deepEqual(afterwards, before);
  });
});
