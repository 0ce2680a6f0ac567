import type { AdminReview, AdminReviewListQuery, CreateReviewInput, Review, ReviewListQuery, UpdateReviewInput } from '@emporium/contracts';
import { eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type ReviewRow, reviews } from '../../db/schema/index.js';
import { decodeCursor, encodeCursor, isIntegerIn, isIsoTimestamp, isUuid } from '../../lib/cursor.js';
import { violatedUniqueConstraint } from '../../lib/pg-errors.js';
import type { Principal } from '../auth/auth.service.js';
import { recordEvent } from '../events/domain-events.js';
import { ProductNotFoundError } from '../products/products.errors.js';
import { findProductById, lockProduct, setProductRating } from '../products/products.repository.js';
import { findUserById } from '../users/users.repository.js';
import { ReviewExistsError, ReviewerNotVerifiedError, ReviewNotFoundError } from './reviews.errors.js';
import { deleteReviewRow, findReview, findReviewPage, insertReview, ratingOfProduct, updateReviewRow } from './reviews.repository.js';

/** "Grace Hopper" → "Grace H." — reviews show who wrote them without a full name. */
export function displayName(fullName: string): string {
  const [first = 'Customer', ...rest] = fullName.trim().split(/\s+/);
  const last = rest.at(-1);
  return last ? `${first} ${last[0]?.toUpperCase()}.` : first;
}

type ReviewWithAuthor = { review: ReviewRow; authorName: string };

function toReview({ review: r, authorName }: ReviewWithAuthor): Review {
  return {
    id: r.id,
    productId: r.productId,
    rating: r.rating,
    title: r.title,
    body: r.body,
    verifiedPurchase: r.verifiedPurchase,
    author: { id: r.userId, name: displayName(authorName) },
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const SORTS = {
  newest: { order: [sql`${reviews.createdAt} desc`, sql`${reviews.id} desc`], key: (r: ReviewRow) => r.createdAt.toISOString() },
  highest: { order: [sql`${reviews.rating} desc`, sql`${reviews.id} desc`], key: (r: ReviewRow) => r.rating },
  lowest: { order: [sql`${reviews.rating} asc`, sql`${reviews.id} asc`], key: (r: ReviewRow) => r.rating },
} as const;

/**
 * Decides whether the author bought the product (a paid or later order containing it).
 * Orders arrive with checkout; until then nobody has.
 */
export type PurchaseCheck = (db: Db, userId: string, productId: string) => Promise<boolean>;

export interface ReviewsServiceDeps {
  db: Db;
  hasPurchased: PurchaseCheck;
  onCatalogChanged: () => Promise<void>;
}

/** Reviews, and the product's rating average and count, kept exact in the same transaction. */
export class ReviewsService {
  constructor(private readonly deps: ReviewsServiceDeps) {}

  async list(productId: string, query: ReviewListQuery): Promise<{ items: Review[]; nextCursor: string | null }> {
    const product = await findProductById(this.deps.db, productId);
    if (!product?.isActive) throw new ProductNotFoundError();
    const { rows, nextCursor } = await this.page([eq(reviews.productId, productId)], query);
    return { items: rows.map(toReview), nextCursor };
  }

  /** Every review (inactive products' too), for moderation: by product, author and rating. */
  async listAll(query: AdminReviewListQuery): Promise<{ items: AdminReview[]; nextCursor: string | null }> {
    const conditions: SQL[] = [];
    if (query.productId) conditions.push(eq(reviews.productId, query.productId));
    if (query.userId) conditions.push(eq(reviews.userId, query.userId));
    if (query.rating) conditions.push(eq(reviews.rating, query.rating));
    const { rows, nextCursor } = await this.page(conditions, query);
    return {
      items: rows.map((r) => ({
        ...toReview(r),
        product: { id: r.productId, name: r.productName, slug: r.productSlug },
        authorEmail: r.authorEmail,
      })),
      nextCursor,
    };
  }

  /** One keyset page of reviews in the query's sort, with author and product. */
  private async page(conditions: SQL[], query: ReviewListQuery) {
    const sort = SORTS[query.sort];
    if (query.cursor) {
      const [, value, id] = decodeCursor<[string, string | number, string]>(
        query.cursor,
        (v): v is [string, string | number, string] =>
          v.length === 3 &&
          v[0] === query.sort &&
          (query.sort === 'newest' ? isIsoTimestamp(v[1]) : isIntegerIn(1, 5)(v[1])) &&
          isUuid(v[2]),
      );
      if (query.sort === 'newest') conditions.push(sql`(${reviews.createdAt}, ${reviews.id}) < (${value}::timestamptz, ${id}::uuid)`);
      else if (query.sort === 'highest') conditions.push(sql`(${reviews.rating}, ${reviews.id}) < (${value}, ${id}::uuid)`);
      else conditions.push(sql`(${reviews.rating}, ${reviews.id}) > (${value}, ${id}::uuid)`);
    }
    const rows = await findReviewPage(this.deps.db, conditions, [...sort.order], query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor = rows.length > query.limit && last ? encodeCursor([query.sort, sort.key(last.review), last.review.id]) : null;
    return { rows: page, nextCursor };
  }

  async create(principal: Principal, productId: string, input: CreateReviewInput): Promise<Review> {
    const review = await this.deps.db.transaction(async (tx) => {
      // Read in the transaction, not from the session: a verification in another request counts at once.
      const author = await findUserById(tx, principal.userId);
      if (!author?.isVerified) throw new ReviewerNotVerifiedError();
      const product = await lockProduct(tx, productId);
      if (!product?.isActive) throw new ProductNotFoundError();
      let row: ReviewRow | undefined;
      try {
        row = await insertReview(tx, {
          productId,
          userId: principal.userId,
          ...input,
          verifiedPurchase: await this.deps.hasPurchased(tx, principal.userId, productId),
        });
      } catch (err) {
        if (violatedUniqueConstraint(err) === 'reviews_product_user_key') throw new ReviewExistsError();
        throw err;
      }
      if (!row) throw new Error('review insert returned nothing');
      await refreshRating(tx, productId);
      await recordEvent(tx, {
        type: 'review.created',
        actorId: principal.userId,
        subjectType: 'review',
        subjectId: row.id,
        payload: { productId, rating: row.rating, verifiedPurchase: row.verifiedPurchase },
      });
      return this.withAuthor(tx, row);
    });
    await this.deps.onCatalogChanged();
    return review;
  }

  async update(principal: Principal, reviewId: string, input: UpdateReviewInput): Promise<Review> {
    const review = await this.deps.db.transaction(async (tx) => {
      const existing = await this.ownReview(tx, principal, reviewId);
      await lockProduct(tx, existing.productId);
      const row = await updateReviewRow(tx, reviewId, input);
      if (!row) throw new ReviewNotFoundError();
      await refreshRating(tx, row.productId);
      return this.withAuthor(tx, row);
    });
    await this.deps.onCatalogChanged();
    return review;
  }

  async delete(principal: Principal, reviewId: string): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      const existing = await this.ownReview(tx, principal, reviewId);
      await lockProduct(tx, existing.productId);
      await deleteReviewRow(tx, reviewId);
      await refreshRating(tx, existing.productId);
    });
    await this.deps.onCatalogChanged();
  }

  /** The review, when the caller wrote it or is an admin; anyone else gets the same 404 as for a missing one. */
  private async ownReview(tx: Db, principal: Principal, reviewId: string): Promise<ReviewRow> {
    const row = await findReview(tx, reviewId);
    if (!row || (row.userId !== principal.userId && principal.role !== 'admin')) throw new ReviewNotFoundError();
    return row;
  }

  private async withAuthor(tx: Db, review: ReviewRow): Promise<Review> {
    const author = await findUserById(tx, review.userId);
    return toReview({ review, authorName: author?.fullName ?? 'Customer' });
  }
}

/** Recomputes the product's rating from its reviews; the caller holds the product's row lock. */
async function refreshRating(tx: Db, productId: string): Promise<void> {
  await setProductRating(tx, productId, ratingOfProduct(productId));
}
