import type { ProductImage } from '@emporium/contracts';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  json,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './users.js';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const categories = pgTable(
  'categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    description: text('description').notNull().default(''),
    imageUrl: text('image_url'),
    parentId: uuid('parent_id').references((): AnyPgColumn => categories.id, { onDelete: 'restrict' }),
    position: integer('position').notNull().default(0),
    /** Active products directly in the category; kept by triggers on products (migration 0013). */
    productCount: integer('product_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('categories_slug_key').on(t.slug), index('categories_parent_id_idx').on(t.parentId)],
);
export type CategoryRow = typeof categories.$inferSelect;

/**
 * `search_vector` and `search_text` are kept by triggers (see the migration), from the
 * product's name, SKU, description and its category's name.
 */
export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    description: text('description').notNull().default(''),
    priceCents: integer('price_cents').notNull(),
    compareAtPriceCents: integer('compare_at_price_cents'),
    costPerItemCents: integer('cost_per_item_cents'),
    sku: text('sku').notNull(),
    stockQuantity: integer('stock_quantity').notNull().default(0),
    isActive: boolean('is_active').notNull().default(true),
    isFeatured: boolean('is_featured').notNull().default(false),
    categoryId: uuid('category_id').references(() => categories.id, { onDelete: 'restrict' }),
    ratingAverage: numeric('rating_average', { precision: 3, scale: 2, mode: 'number' }),
    ratingCount: integer('rating_count').notNull().default(0),
    /** Units in counted orders (paid … delivered); kept by triggers on orders and order_items. */
    unitsSold: integer('units_sold').notNull().default(0),
    /**
     * Whether any counted order holds the product: "never sold" is indexed on this rather than
     * on units_sold, so a sale keeps the row's update HOT (migration 0012).
     */
    sold: boolean('sold').notNull().generatedAlwaysAs(sql`units_sold > 0`),
    /** The product's images as the API shows them, in display order; kept by triggers on product_images. */
    images: json('images').$type<ProductImage[]>().notNull().default([]),
    searchVector: tsvector('search_vector'),
    searchText: text('search_text').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('products_slug_key').on(t.slug),
    uniqueIndex('products_sku_key').on(t.sku),
    check('products_price_check', sql`${t.priceCents} >= 0`),
    check('products_compare_at_check', sql`${t.compareAtPriceCents} is null or ${t.compareAtPriceCents} > ${t.priceCents}`),
    check('products_cost_check', sql`${t.costPerItemCents} is null or ${t.costPerItemCents} >= 0`),
    check('products_stock_check', sql`${t.stockQuantity} >= 0`),
    check('products_rating_count_check', sql`${t.ratingCount} >= 0`),
    // One index per public sort, active rows only; ties are broken by id in the sort's direction (keyset paging).
    index('products_newest_idx').on(t.createdAt.desc(), t.id.desc()).where(sql`${t.isActive}`),
    index('products_price_idx').on(t.priceCents, t.id).where(sql`${t.isActive}`),
    index('products_name_idx').on(t.name, t.id).where(sql`${t.isActive}`),
    index('products_rating_idx').on(sql`coalesce(${t.ratingAverage}, -1) desc`, t.id.desc()).where(sql`${t.isActive}`),
    index('products_category_price_idx').on(t.categoryId, t.priceCents, t.id).where(sql`${t.isActive}`),
    index('products_category_newest_idx').on(t.categoryId, t.createdAt.desc(), t.id.desc()).where(sql`${t.isActive}`),
    index('products_featured_idx').on(t.createdAt.desc(), t.id.desc()).where(sql`${t.isActive} and ${t.isFeatured}`),
    index('products_never_sold_idx').on(t.createdAt, t.id).where(sql`${t.isActive} and not ${t.sold}`),
    index('products_search_vector_idx').using('gin', t.searchVector),
    // Typo matching's look-up of the words it found (migration 0017).
    index('products_search_words_idx').using('gin', sql`search_words_vector(${t.searchText})`),
  ],
);
export type ProductRow = typeof products.$inferSelect;

/**
 * Each product as the API shows it but for its stock, kept by triggers on `products` and
 * `categories` (migration 0011): JSON text up to `"stockQuantity":` (see productJson). A table
 * of its own, so that neither checkout's stock changes nor searches and reports over
 * `products` carry it.
 */
export const productViews = pgTable('product_views', {
  productId: uuid('product_id')
    .primaryKey()
    .references(() => products.id, { onDelete: 'cascade' }),
  json: text('json').notNull(),
});

/**
 * Every lexeme of every product's `search_vector`, with the product's relevance for a search
 * of that one word, kept by a trigger on `products` (migration 0016). Its index lists a word's
 * products best first, so a one-word search reads its page instead of ranking every match.
 */
export const productSearchTerms = pgTable(
  'product_search_terms',
  {
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    term: text('term').notNull(),
    /** `(2 + ts_rank(search_vector, <the term>))::float8`: the full-text phase's sort key. */
    rank: doublePrecision('rank').notNull(),
  },
  (t) => [
    primaryKey({ name: 'product_search_terms_pkey', columns: [t.productId, t.term] }),
    index('product_search_terms_rank_idx').on(t.term, t.rank.desc(), t.productId.desc()),
  ],
);

export const productImages = pgTable(
  'product_images',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    /** Storage key prefix; the variants are `<key>-<size>.<ext>`. */
    storageKey: text('storage_key').notNull(),
    format: text('format', { enum: ['jpeg', 'png'] }).notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    alt: text('alt').notNull().default(''),
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('product_images_product_id_idx').on(t.productId, t.position)],
);
export type ProductImageRow = typeof productImages.$inferSelect;

export const reviews = pgTable(
  'reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    rating: smallint('rating').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    verifiedPurchase: boolean('verified_purchase').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reviews_product_user_key').on(t.productId, t.userId),
    index('reviews_product_newest_idx').on(t.productId, t.createdAt.desc(), t.id.desc()),
    index('reviews_product_rating_idx').on(t.productId, t.rating, t.id),
    index('reviews_user_id_idx').on(t.userId),
    check('reviews_rating_check', sql`${t.rating} between 1 and 5`),
  ],
);
export type ReviewRow = typeof reviews.$inferSelect;
