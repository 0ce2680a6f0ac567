import type { CreateProductInput, Product, ProductList, ProductListQuery, UpdateProductInput } from '@emporium/contracts';
import type { Db } from '../../db/client.js';
import type { ProductRow } from '../../db/schema/index.js';
import { ValidationFailedError } from '../../errors.js';
import { isEmptyChange } from '../../lib/empty-change.js';
import type { Json } from '../../lib/json-text.js';
import { isStillReferenced, violatedUniqueConstraint } from '../../lib/pg-errors.js';
import { firstFreeSlug, slugFrom } from '../../lib/slug.js';
import { SlugTakenError } from '../categories/categories.errors.js';
import { findCategoryById } from '../categories/categories.repository.js';
import { recordEvent, recordLowStockIfCrossed } from '../events/domain-events.js';
import type { ImageStorage } from '../images/image-storage.js';
import { variantKeys } from '../images/image-view.js';
import type { PageRow } from './product-search.js';
import { isSingleWord, nextProductCursor, pagePhases, planProductPage } from './product-search.js';
import { productListBody } from './product-view.js';
import { ProductNotFoundError, SkuTakenError } from './products.errors.js';
import {
  byProductId,
  byProductSlug,
  deleteProductRow,
  findProductById,
  findProductJson,
  findProductPage,
  findSearchPage,
  imagesOfProducts,
  insertProduct,
  lockProduct,
  type ProductKey,
  productSlugTaken,
  updateProductRow,
} from './products.repository.js';
import { applyStockEdit, stockEditOf } from './stock-edit.js';

/** Who is looking: admins also see inactive products and costs. */
export interface Viewer {
  isAdmin: boolean;
}

export type DeleteOutcome = { outcome: 'deleted' } | { outcome: 'deactivated'; product: Json<Product> };

export interface ProductsServiceDeps {
  db: Db;
  storage: ImageStorage;
  lowStockThreshold: number;
  onCatalogChanged: () => Promise<void>;
}

export class ProductsService {
  constructor(private readonly deps: ProductsServiceDeps) {}

  /** A page of products, as the JSON of the response (see productJson). */
  async list(query: ProductListQuery, viewer: Viewer): Promise<Json<ProductList>> {
    const { db } = this.deps;
    const options = { includeInactive: viewer.isAdmin };
    // A search by relevance reads full-text matches first, then typo matches, until the page
    // (and one more) is full; anything else is one query.
    const phases = pagePhases(query);
    let rows: PageRow[] = [];
    if (phases.length === 2 && !isSingleWord(query.q ?? '')) {
      // Several words: every phase in one statement (see findSearchPage).
      rows = await findSearchPage(
        db,
        planProductPage(query, { ...options, phase: 'text' }),
        planProductPage(query, { ...options, phase: 'typo' }),
        query.limit + 1,
        viewer.isAdmin,
      );
    } else {
      // One word fills most pages from product_search_terms alone, in a statement planned for
      // just that (PostgreSQL spent ~40 % more on the one that holds every phase, starting the
      // parts it never ran); typo matches follow only when the page is not full.
      for (const phase of phases) {
        if (rows.length > query.limit) break;
        const plan = planProductPage(query, { ...options, phase });
        rows = rows.concat(await findProductPage(db, plan, query.limit + 1, viewer.isAdmin));
      }
    }
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor = rows.length > query.limit && last ? nextProductCursor(query, last) : null;
    return productListBody(
      page.map((row) => row.json),
      nextCursor,
    );
  }

  async getById(id: string, viewer: Viewer): Promise<Json<Product>> {
    return this.getOne(byProductId(id), viewer);
  }

  async getBySlug(slug: string, viewer: Viewer): Promise<Json<Product>> {
    return this.getOne(byProductSlug(slug), viewer);
  }

  async create(actorId: string, input: CreateProductInput): Promise<Json<Product>> {
    const { db } = this.deps;
    if (input.categoryId) await this.requireCategory(input.categoryId);
    const slug = input.slug ?? (await firstFreeSlug(slugFrom(input.name, 'product'), (s) => productSlugTaken(db, s)));
    const row = await this.saving({ slug, sku: input.sku }, () =>
      db.transaction(async (tx) => {
        const created = await insertProduct(tx, {
          name: input.name,
          slug,
          description: input.description,
          priceCents: input.priceCents,
          compareAtPriceCents: input.compareAtPriceCents ?? null,
          costPerItemCents: input.costPerItemCents ?? null,
          sku: input.sku,
          stockQuantity: input.stockQuantity,
          isActive: input.isActive,
          isFeatured: input.isFeatured,
          categoryId: input.categoryId ?? null,
        });
        await recordEvent(tx, {
          type: 'product.created',
          actorId,
          subjectType: 'product',
          subjectId: created.id,
          payload: { name: created.name, sku: created.sku, priceCents: created.priceCents, stockQuantity: created.stockQuantity },
        });
        return created;
      }),
    );
    await this.deps.onCatalogChanged();
    return this.getById(row.id, { isAdmin: true });
  }

  async update(actorId: string, id: string, input: UpdateProductInput): Promise<Json<Product>> {
    const { db } = this.deps;
    if (isEmptyChange(input)) return this.getById(id, { isAdmin: true });
    const { expectedStockQuantity: _expected, stockAdjustment: _adjustment, ...changes } = input;
    const stockEdit = stockEditOf(input);
    await db.transaction(async (tx) => {
      // A stock edit is checked against the stock under the row lock checkout takes too.
      const existing = stockEdit ? await lockProduct(tx, id) : await findProductById(tx, id);
      if (!existing) throw new ProductNotFoundError();
      if (stockEdit) changes.stockQuantity = applyStockEdit(stockEdit, existing.stockQuantity);
      const price = input.priceCents ?? existing.priceCents;
      const compareAt = input.compareAtPriceCents === undefined ? existing.compareAtPriceCents : input.compareAtPriceCents;
      if (compareAt !== null && compareAt <= price) {
        throw new ValidationFailedError([{ field: 'compareAtPriceCents', message: 'must be more than the price' }]);
      }
      if (input.categoryId) await this.requireCategory(input.categoryId, tx);
      const updated = await this.saving({ slug: input.slug ?? '', sku: input.sku ?? '' }, () => updateProductRow(tx, id, changes));
      await recordEvent(tx, { type: 'product.updated', actorId, subjectType: 'product', subjectId: id, payload: { changes: input } });
      await recordLowStockIfCrossed(tx, actorId, updated, existing.stockQuantity, updated.stockQuantity, this.deps.lowStockThreshold);
    });
    await this.deps.onCatalogChanged();
    return this.getById(id, { isAdmin: true });
  }

  /** Removes the product and its images; one that has been ordered is deactivated instead. */
  async delete(actorId: string, id: string): Promise<DeleteOutcome> {
    const { db, storage } = this.deps;
    const result = await db.transaction(async (tx) => {
      const existing = await findProductById(tx, id);
      if (!existing) throw new ProductNotFoundError();
      const images = (await imagesOfProducts(tx, [id])).get(id) ?? [];
      const recorded = (outcome: 'deleted' | 'deactivated') =>
        recordEvent(tx, {
          type: 'product.deleted',
          actorId,
          subjectType: 'product',
          subjectId: id,
          payload: { name: existing.name, sku: existing.sku, outcome },
        });
      try {
        await tx.transaction((savepoint) => deleteProductRow(savepoint, id));
        await recorded('deleted');
        return { deleted: true as const, files: images.flatMap(variantKeys) };
      } catch (err) {
        if (!isStillReferenced(err)) throw err;
        await updateProductRow(tx, id, { isActive: false });
        await recorded('deactivated');
        return { deleted: false as const, files: [] };
      }
    });
    await this.deps.onCatalogChanged();
    if (result.deleted) {
      await storage.remove(result.files);
      return { outcome: 'deleted' };
    }
    return { outcome: 'deactivated', product: await this.getById(id, { isAdmin: true }) };
  }

  private async getOne(key: ProductKey, viewer: Viewer): Promise<Json<Product>> {
    const row = await findProductJson(this.deps.db, key, viewer.isAdmin);
    if (!row || (!row.isActive && !viewer.isAdmin)) throw new ProductNotFoundError();
    return row.json;
  }

  private async requireCategory(id: string, db: Db = this.deps.db): Promise<void> {
    if (!(await findCategoryById(db, id))) throw new ValidationFailedError([{ field: 'categoryId', message: 'no such category' }]);
  }

  private async saving(keys: { slug: string; sku: string }, write: () => Promise<ProductRow | undefined>): Promise<ProductRow> {
    try {
      const row = await write();
      if (!row) throw new ProductNotFoundError();
      return row;
    } catch (err) {
      const constraint = violatedUniqueConstraint(err);
      if (constraint === 'products_slug_key') throw new SlugTakenError(keys.slug);
      if (constraint === 'products_sku_key') throw new SkuTakenError(keys.sku);
      throw err;
    }
  }
}
