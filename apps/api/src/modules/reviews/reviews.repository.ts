import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { products, type ReviewRow, reviews, users } from '../../db/schema/index.js';

type NewReview = typeof reviews.$inferInsert;

/**
 * A page of reviews with what a reader sees of their author and product. The only place the
 * reviews module reads other modules' tables: a join for display, never a write.
 */
export function findReviewPage(db: Db, conditions: SQL[], order: SQL[], limit: number) {
  return db
    .select({
      review: reviews,
      authorName: users.fullName,
      authorEmail: users.email,
      productId: products.id,
      productName: products.name,
      productSlug: products.slug,
    })
    .from(reviews)
    .innerJoin(users, eq(users.id, reviews.userId))
    .innerJoin(products, eq(products.id, reviews.productId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(...order)
    .limit(limit);
}

export async function findReview(db: Db, id: string): Promise<ReviewRow | undefined> {
  const [row] = await db.select().from(reviews).where(eq(reviews.id, id));
  return row;
}

/** Inserts a review; the one-per-customer-per-product constraint (`reviews_product_user_key`) is the caller's to catch. */
export async function insertReview(db: Db, values: NewReview): Promise<ReviewRow | undefined> {
  const [row] = await db.insert(reviews).values(values).returning();
  return row;
}

export async function updateReviewRow(db: Db, id: string, patch: Partial<NewReview>): Promise<ReviewRow | undefined> {
  const [row] = await db
    .update(reviews)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(reviews.id, id))
    .returning();
  return row;
}

export async function deleteReviewRow(db: Db, id: string): Promise<void> {
  await db.delete(reviews).where(eq(reviews.id, id));
}

/** A product's rating from its reviews now, as SQL for the products module to store (see setProductRating). */
export function ratingOfProduct(productId: string): { count: SQL; average: SQL } {
  return {
    count: sql`(select count(*) from ${reviews} where ${reviews.productId} = ${productId})`,
    average: sql`(select round(avg(${reviews.rating}), 2) from ${reviews} where ${reviews.productId} = ${productId})`,
  };
}
