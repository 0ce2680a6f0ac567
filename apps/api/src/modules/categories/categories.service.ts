import type { Category, CategoryListQuery, CategoryNode, CreateCategoryInput, UpdateCategoryInput } from '@emporium/contracts';
import type { Db } from '../../db/client.js';
import type { CategoryRow } from '../../db/schema/index.js';
import { ValidationFailedError } from '../../errors.js';
import { decodeCursor, encodeCursor, isIntegerIn, isTextUpTo, isUuid } from '../../lib/cursor.js';
import { isEmptyChange } from '../../lib/empty-change.js';
import { violatedUniqueConstraint } from '../../lib/pg-errors.js';
import { firstFreeSlug, slugFrom } from '../../lib/slug.js';
import { countProductsInCategory } from '../products/products.repository.js';
import { CategoryInUseError, CategoryNotFoundError, SlugTakenError } from './categories.errors.js';
import {
  type CategoryPageStart,
  categorySlugTaken,
  categoryTreeIds,
  countSubcategories,
  deleteCategoryRow,
  findCategoryById,
  findCategoryBySlug,
  insertCategory,
  listCategoriesUnder,
  listCategoryPage,
  lockCategoryTree,
  updateCategoryRow,
} from './categories.repository.js';

function toCategory(row: CategoryRow): Category {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    imageUrl: row.imageUrl,
    parentId: row.parentId,
    position: row.position,
    productCount: row.productCount,
  };
}

export function buildTree(rows: CategoryRow[]): CategoryNode[] {
  const nodes = new Map(rows.map((r) => [r.id, { ...toCategory(r), children: [] as CategoryNode[] }]));
  const roots: CategoryNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

const isPosition = isIntegerIn(-2_147_483_648, 2_147_483_647);
const isCategoryName = isTextUpTo(300);

function categoryPageStart(cursor: string): CategoryPageStart {
  const [position, name, id] = decodeCursor<[number, string, string]>(
    cursor,
    (v): v is [number, string, string] => v.length === 3 && isPosition(v[0]) && isCategoryName(v[1]) && isUuid(v[2]),
  );
  return { position, name, id };
}

export interface CategoriesServiceDeps {
  db: Db;
  onCatalogChanged: () => Promise<void>;
}

/** The category tree: browsing, and its curation by admins. */
export class CategoriesService {
  constructor(private readonly deps: CategoriesServiceDeps) {}

  /**
   * A page of categories in the order they are shown; as a tree, a page of top-level
   * categories, each with everything under it (`limit` counts the top-level ones).
   */
  async list(query: CategoryListQuery): Promise<{ items: Category[] | CategoryNode[]; nextCursor: string | null }> {
    const { db } = this.deps;
    const after = query.cursor ? categoryPageStart(query.cursor) : undefined;
    const rows = await listCategoryPage(db, { after, limit: query.limit + 1, rootsOnly: query.format === 'tree' });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor = rows.length > query.limit && last ? encodeCursor([last.position, last.name, last.id]) : null;
    if (query.format === 'flat') return { items: page.map(toCategory), nextCursor };
    return {
      items: buildTree(
        await listCategoriesUnder(
          db,
          page.map((row) => row.id),
        ),
      ),
      nextCursor,
    };
  }

  async get(idOrSlug: string): Promise<Category> {
    const { db } = this.deps;
    const row = isUuid(idOrSlug) ? await findCategoryById(db, idOrSlug) : await findCategoryBySlug(db, idOrSlug);
    if (!row) throw new CategoryNotFoundError();
    return toCategory(row);
  }

  async create(input: CreateCategoryInput): Promise<Category> {
    const { db } = this.deps;
    if (input.parentId && !(await findCategoryById(db, input.parentId))) {
      throw new ValidationFailedError([{ field: 'parentId', message: 'no such category' }]);
    }
    const slug = input.slug ?? (await firstFreeSlug(slugFrom(input.name, 'category'), (s) => categorySlugTaken(db, s)));
    const row = await this.saving(slug, () =>
      insertCategory(db, {
        name: input.name,
        slug,
        description: input.description,
        imageUrl: input.imageUrl ?? null,
        parentId: input.parentId ?? null,
        position: input.position,
      }),
    );
    await this.deps.onCatalogChanged();
    return toCategory(row);
  }

  async update(id: string, input: UpdateCategoryInput): Promise<Category> {
    const { db } = this.deps;
    if (isEmptyChange(input)) {
      const existing = await findCategoryById(db, id);
      if (!existing) throw new CategoryNotFoundError();
      return toCategory(existing);
    }
    const row = await db.transaction(async (tx) => {
      if (!(await findCategoryById(tx, id))) throw new CategoryNotFoundError();
      if (input.parentId) {
        // Two moves checked at once could each pass and together close a loop (A under B, B under A).
        await lockCategoryTree(tx);
        if (!(await findCategoryById(tx, input.parentId)))
          throw new ValidationFailedError([{ field: 'parentId', message: 'no such category' }]);
        if ((await categoryTreeIds(tx, id)).includes(input.parentId)) {
          throw new ValidationFailedError([{ field: 'parentId', message: 'cannot be the category itself or one below it' }]);
        }
      }
      return this.saving(input.slug ?? '', async () => {
        const updated = await updateCategoryRow(tx, id, input);
        if (!updated) throw new CategoryNotFoundError();
        return updated;
      });
    });
    await this.deps.onCatalogChanged();
    return toCategory(row);
  }

  /** Only an empty leaf can go: one that still has products or sub-categories is a 409 saying which. */
  async delete(id: string): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      if (!(await findCategoryById(tx, id))) throw new CategoryNotFoundError();
      const usage = { children: await countSubcategories(tx, id), products: await countProductsInCategory(tx, id) };
      const reasons = [];
      if (usage.children) reasons.push(`it has ${usage.children} sub-categor${usage.children === 1 ? 'y' : 'ies'}`);
      if (usage.products) reasons.push(`it has ${usage.products} product${usage.products === 1 ? '' : 's'}`);
      if (reasons.length) throw new CategoryInUseError(reasons.join(' and '));
      await deleteCategoryRow(tx, id);
    });
    await this.deps.onCatalogChanged();
  }

  private async saving<T>(slug: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (violatedUniqueConstraint(err) === 'categories_slug_key') throw new SlugTakenError(slug);
      throw err;
    }
  }
}
