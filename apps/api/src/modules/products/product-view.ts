import type { Product, ProductList } from '@emporium/contracts';
import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { categories, products } from '../../db/schema/index.js';
import type { Json } from '../../plugins/response-serializer.js';

/** `timestamptz` as Date#toISOString() writes it (the columns hold milliseconds). */
export const isoTimestamp = (column: AnyPgColumn) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The API shape of a product (`costPerItemCents` only for admins), built by PostgreSQL as JSON
 * text, for a select from `products` left-joined to `categories`. Images come as
 * `products.images` holds them: in their API shape, kept by triggers (migration 0010).
 *
 * A catalog page is 20 products of ~18 fields each: decoding those rows, shaping them, checking
 * them against the response schema and stringifying them took ~40 % of the API's CPU for an
 * uncached page (profiled), with PostgreSQL at ~30 % of a core. Built here, a product arrives
 * as one text column and is written as it is. products.test.ts reads products every way and
 * holds each to the strict `ProductSchema`, field by field against its rows.
 */
export function productJson(forAdmin: boolean): SQL<Json<Product>> {
  return sql<Json<Product>>`(select row_to_json(product)::text from (select
    ${products.id} as "id", ${products.name} as "name", ${products.slug} as "slug", ${products.description} as "description",
    ${products.priceCents} as "priceCents", ${products.compareAtPriceCents} as "compareAtPriceCents",
    ${forAdmin ? sql`${products.costPerItemCents} as "costPerItemCents",` : sql``}
    ${products.sku} as "sku", ${products.stockQuantity} as "stockQuantity",
    ${products.isActive} as "isActive", ${products.isFeatured} as "isFeatured",
    case when ${categories.id} is null then null else (
      select row_to_json(category) from (select ${categories.id} as "id", ${categories.name} as "name", ${categories.slug} as "slug") category
    ) end as "category",
    ${products.images} as "images",
    ${products.ratingAverage}::float8 as "ratingAverage", ${products.ratingCount} as "ratingCount",
    ${isoTimestamp(products.createdAt)} as "createdAt", ${isoTimestamp(products.updatedAt)} as "updatedAt"
  ) product)`;
}

/** `{"product": …}` */
export const productBody = (product: Json<Product>) => `{"product":${product}}` as Json<{ product: Product }>;

/** `{"outcome": "deactivated", "product": …}`: a deleted product that had been ordered. */
export const deactivatedProductBody = (product: Json<Product>) =>
  `{"outcome":"deactivated","product":${product}}` as Json<{ outcome: 'deactivated'; product: Product }>;

/** `{"items": […], "nextCursor": …}` */
export const productListBody = (items: Json<Product>[], nextCursor: string | null) =>
  `{"items":[${items.join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}` as Json<ProductList>;
