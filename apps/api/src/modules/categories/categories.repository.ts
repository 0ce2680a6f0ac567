import { and, count, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.js';
import { type CategoryRow, categories } from '../../db/schema/index.js';

/** Where a page of categories starts: after the last category of the previous page. */
export interface CategoryPageStart {
  position: number;
  name: string;
  id: string;
}

const categoryOrder = [categories.position, categories.name, categories.id];

/**
 * Up to `limit` categories in the order they are shown (position, then name, then id) after
 * `after`, with their counts of active products (kept by triggers, see migration 0013); only
 * the top-level ones when `rootsOnly`.
 */
export async function listCategoryPage(
  db: Db,
  { after, limit, rootsOnly }: { after: CategoryPageStart | undefined; limit: number; rootsOnly: boolean },
): Promise<CategoryRow[]> {
  return db
    .select()
    .from(categories)
    .where(
      and(
        rootsOnly ? isNull(categories.parentId) : undefined,
        after
          ? sql`(${categories.position}, ${categories.name}, ${categories.id}) > (${after.position}, ${after.name}, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(...categoryOrder)
    .limit(limit);
}

/** The categories `rootIds` and every category under them, in the order they are shown. */
export async function listCategoriesUnder(db: Db, rootIds: string[]): Promise<CategoryRow[]> {
  if (rootIds.length === 0) return [];
  const under = categorySubtree(inArray(categories.id, rootIds));
  return db
    .select()
    .from(categories)
    .where(sql`${categories.id} in ${under}`)
    .orderBy(...categoryOrder);
}

export async function findCategoryById(db: Db, id: string): Promise<CategoryRow | undefined> {
  const [row] = await db.select().from(categories).where(eq(categories.id, id));
  return row;
}

export async function findCategoryBySlug(db: Db, slug: string): Promise<CategoryRow | undefined> {
  const [row] = await db.select().from(categories).where(eq(categories.slug, slug));
  return row;
}

export async function categorySlugTaken(db: Db, slug: string): Promise<boolean> {
  return (await db.$count(categories, eq(categories.slug, slug))) > 0;
}

/**
 * The ids of a category (the one `root` picks) and of every category under it, as a subquery:
 * `(… select id from tree)`. Category pages filter products by it in the same statement.
 */
export const categorySubtree = (root: SQL) => sql`(with recursive tree(id) as (
  select id from ${categories} where ${root}
  union all
  select c.id from ${categories} c join tree on c.parent_id = tree.id
) select id from tree)`;

/** A category and all categories below it (none for an unknown one), in one query. */
export async function categoryTreeIds(db: Db, id: string): Promise<string[]> {
  const result = await db.execute(sql`select id from ${categorySubtree(sql`id = ${id}`)} tree`);
  return rowsOf<{ id: string }>(result).map((r) => r.id);
}

export async function countSubcategories(db: Db, id: string): Promise<number> {
  const [children] = await db.select({ n: count() }).from(categories).where(eq(categories.parentId, id));
  return children?.n ?? 0;
}

export async function insertCategory(db: Db, values: typeof categories.$inferInsert): Promise<CategoryRow> {
  const [row] = await db.insert(categories).values(values).returning();
  if (!row) throw new Error('category insert returned nothing');
  return row;
}

export async function updateCategoryRow(
  db: Db,
  id: string,
  patch: Partial<typeof categories.$inferInsert>,
): Promise<CategoryRow | undefined> {
  const [row] = await db
    .update(categories)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(categories.id, id))
    .returning();
  return row;
}

export async function deleteCategoryRow(db: Db, id: string): Promise<void> {
  await db.delete(categories).where(eq(categories.id, id));
}

/** Any fixed number shared by every instance: serialises changes of the tree's shape until commit. */
const CATEGORY_TREE_LOCK_ID = 4_242_004;

/**
 * Moves of categories take turns: under READ COMMITTED each statement after the lock sees what
 * the previous move committed, so the cycle check cannot miss a concurrent move.
 */
export async function lockCategoryTree(tx: Db): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CATEGORY_TREE_LOCK_ID})`);
}
