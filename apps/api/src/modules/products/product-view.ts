import type { Product, ProductList } from '@emporium/contracts';
import { eq, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { products, productViews } from '../../db/schema/index.js';
import type { Json } from '../../lib/json-text.js';

/** `timestamptz` as Date#toISOString() writes it (the columns hold milliseconds). */
export const isoTimestamp = (column: AnyPgColumn) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The API shape of a product (`costPerItemCents` only for admins) as JSON text, for a select
 * from `products` joined to `product_views`, where PostgreSQL keeps all of it but the stock
 * (triggers rebuild a product's view when a column it shows or its category changes;
 * migration 0011). The view ends in `"stockQuantity":`; a read appends the stock (and the
 * cost) and the closing brace. Images come as `products.images` holds them, in their API shape
 * (migration 0010).
 *
 * A catalog page is 20 products of ~18 fields each: decoding those rows, shaping them, checking
 * them against the response schema and stringifying them took ~40 % of the API's CPU for an
 * uncached page (profiled); building the JSON per read in PostgreSQL then took over half of its
 * time for the page. products.test.ts reads products every way and holds each to the strict
 * `ProductSchema`, field by field against its rows.
 */
export function productJson(
  forAdmin: boolean,
  /** Where the stock and cost are read: `products`, or a subquery that carried them. */
  from: { stock: SQLWrapper | AnyPgColumn; cost: SQLWrapper | AnyPgColumn } = {
    stock: products.stockQuantity,
    cost: products.costPerItemCents,
  },
): SQL<Json<Product>> {
  const cost = forAdmin ? sql`|| ',"costPerItemCents":' || coalesce(${from.cost}::text, 'null')` : sql``;
  return sql<Json<Product>>`(${productViews.json} || ${from.stock} ${cost} || '}')`;
}

/** Joins a product's view (see productJson) in a select from `products`. */
export const productViewOfProduct = eq(productViews.productId, products.id);

/** `{"product": …}` */
export const productBody = (product: Json<Product>) => `{"product":${product}}` as Json<{ product: Product }>;

/** `{"outcome": "deactivated", "product": …}`: a deleted product that had been ordered. */
export const deactivatedProductBody = (product: Json<Product>) =>
  `{"outcome":"deactivated","product":${product}}` as Json<{ outcome: 'deactivated'; product: Product }>;

/** `{"items": […], "nextCursor": …}` */
export const productListBody = (items: Json<Product>[], nextCursor: string | null) =>
  `{"items":[${items.join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}` as Json<ProductList>;
