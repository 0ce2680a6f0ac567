import { randomBytes } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { categories, products, reviews } from '../db/schema/index.js';
import { slugFrom } from '../lib/slug.js';
import { hashPassword } from '../modules/auth/password.js';
import type { ImageStorage } from '../modules/images/image-storage.js';
import { ImagesService } from '../modules/images/images.service.js';
import { ensureAdmin } from '../modules/users/admin-bootstrap.js';
import { findUserByEmail, insertUserUnlessEmailTaken } from '../modules/users/users.repository.js';
import { DEMO_CATEGORIES, demoReviewsFor, demoStock } from './demo-catalog.js';

/** Demo sign-ins, printed at start. Only ever created when SEED_DEMO is on (never in production). */
export const DEMO_ACCOUNTS = {
  admin: { email: 'admin@emporium.test', password: 'emporium-admin-demo', fullName: 'Demo Admin' },
  customer: { email: 'customer@emporium.test', password: 'emporium-customer-demo', fullName: 'Demo Customer' },
} as const;

const REVIEWERS = ['Maya Jensen', 'Tom Okafor', 'Lena Fischer', 'Ravi Patel', 'Chloé Martin', 'Sam Weller'];

export type SeedProgress = (step: string) => void;

/** Idempotent: categories are matched by slug and products by SKU; what exists is left alone. */
export async function seedDemo(db: Db, storage: ImageStorage, progress: SeedProgress = () => {}): Promise<void> {
  progress('demo accounts');
  await ensureAdmin(db, DEMO_ACCOUNTS.admin);
  const c = DEMO_ACCOUNTS.customer;
  await insertUserUnlessEmailTaken(db, {
    email: c.email,
    fullName: c.fullName,
    passwordHash: await hashPassword(c.password),
    isVerified: true,
  });
  const reviewerIds: string[] = [];
  for (const [i, fullName] of REVIEWERS.entries()) {
    const email = `reviewer${i + 1}@emporium.test`;
    // Reviewers never sign in: their password is random and not kept.
    await insertUserUnlessEmailTaken(db, {
      email,
      fullName,
      passwordHash: await hashPassword(randomBytes(24).toString('base64url')),
      isVerified: true,
    });
    const row = await findUserByEmail(db, email);
    if (row) reviewerIds.push(row.id);
  }

  progress('categories');
  const categoryIds = new Map<string, string>();
  for (const [position, category] of DEMO_CATEGORIES.entries()) {
    await db
      .insert(categories)
      .values({
        name: category.name,
        slug: category.slug,
        description: category.description,
        parentId: category.parent ? categoryIds.get(category.parent) : null,
        position,
      })
      .onConflictDoNothing({ target: categories.slug });
    const [row] = await db.select({ id: categories.id }).from(categories).where(eq(categories.slug, category.slug));
    if (row) categoryIds.set(category.slug, row.id);
  }

  const images = new ImagesService({ db, storage, onCatalogChanged: async () => {} });
  const all = DEMO_CATEGORIES.flatMap((category) => category.products.map((product) => ({ category, product })));
  const existing = new Set(
    (
      await db
        .select({ sku: products.sku })
        .from(products)
        .where(
          inArray(
            products.sku,
            all.map((_, i) => demoSku(i)),
          ),
        )
    ).map((r) => r.sku),
  );
  let index = 0;
  for (const { category, product } of all) {
    const i = index++;
    const sku = demoSku(i);
    if (existing.has(sku)) continue;
    progress(`product ${i + 1}/${all.length}: ${product[0]}`);
    const [name, priceCents, blurb] = product;
    const [row] = await db
      .insert(products)
      .values({
        name,
        slug: slugFrom(name),
        description: `${blurb} Part of our ${category.name.toLowerCase()} range, chosen for everyday use and built to last.`,
        priceCents,
        compareAtPriceCents: i % 4 === 1 ? Math.round((priceCents * 1.25) / 100) * 100 : null,
        costPerItemCents: Math.round(priceCents * 0.45),
        sku,
        stockQuantity: demoStock(i),
        isFeatured: i % 5 === 0,
        categoryId: categoryIds.get(category.slug) ?? null,
        createdAt: sql`now() - make_interval(hours => ${i * 7})`,
      })
      .onConflictDoNothing()
      .returning({ id: products.id });
    if (!row) continue;
    // Loaded here, not at the top: it pulls in sharp, which a server that never seeds should not load.
    const { demoProductImage } = await import('./demo-images.js');
    await images.upload(row.id, await demoProductImage(category.color, i + 1), name);
    for (const [k, [rating, title, body]] of demoReviewsFor(i).entries()) {
      const userId = reviewerIds[(i + k) % reviewerIds.length];
      if (userId) await db.insert(reviews).values({ productId: row.id, userId, rating, title, body }).onConflictDoNothing();
    }
  }

  progress('ratings');
  await db.execute(sql`
    update ${products} p set
      rating_count = r.n,
      rating_average = r.avg
    from (select product_id, count(*)::int as n, round(avg(rating), 2) as avg from ${reviews} group by product_id) r
    where r.product_id = p.id`);
}

function demoSku(index: number): string {
  return `DEMO-${String(index + 1).padStart(4, '0')}`;
}
