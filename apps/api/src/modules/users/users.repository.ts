import type { UserFilter, UserStatistics } from '@emporium/contracts';
import { and, count, desc, eq, ilike, isNull, or, type SQL, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { type UserRow, users } from '../../db/schema/index.js';
import { containsPattern } from '../../lib/like-pattern.js';

export type NewUser = typeof users.$inferInsert;

/** The users' part of the checkout statement (orders/checkout.ts): the buyer's address, name and whether it is verified. */
export function buyerOf(userId: string): SQL {
  return sql`select email, full_name as "fullName", is_verified as verified from users where id = ${userId}::uuid`;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  // Every login runs it: built once (see `prepared`).
  const query = prepared(db, 'user-by-email', (name) =>
    db
      .select()
      .from(users)
      .where(eq(users.email, sql.placeholder('email')))
      .prepare(name),
  );
  const [row] = await query.execute({ email });
  return row;
}

/** Inserts a user; returns undefined when the e-mail address is already registered. */
export async function insertUserUnlessEmailTaken(db: Db, values: NewUser): Promise<UserRow | undefined> {
  const [row] = await db.insert(users).values(values).onConflictDoNothing({ target: users.email }).returning();
  return row;
}

export async function updateUser(db: Db, id: string, patch: Partial<NewUser>): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(users.id, id))
    .returning();
  return row;
}

export async function deleteUserRow(db: Db, id: string): Promise<void> {
  await db.delete(users).where(eq(users.id, id));
}

function filterConditions(filter: UserFilter): SQL[] {
  const conditions: SQL[] = [isNull(users.deletedAt)];
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    conditions.push(or(ilike(users.email, pattern), ilike(users.fullName, pattern)) as SQL);
  }
  if (filter.role) conditions.push(eq(users.role, filter.role));
  if (filter.isActive !== undefined) conditions.push(eq(users.isActive, filter.isActive));
  if (filter.isVerified !== undefined) conditions.push(eq(users.isVerified, filter.isVerified));
  return conditions;
}

/** Newest first; `after` is the (createdAt, id) of the previous page's last row. */
export async function listUsersPage(
  db: Db,
  filter: UserFilter,
  limit: number,
  after?: { createdAt: string; id: string },
): Promise<UserRow[]> {
  const conditions = filterConditions(filter);
  if (after) {
    conditions.push(sql`(${users.createdAt}, ${users.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`);
  }
  return db
    .select()
    .from(users)
    .where(and(...conditions))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(limit);
}

export async function countUsers(db: Db, filter: UserFilter): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(...filterConditions(filter)));
  return row?.n ?? 0;
}

export async function userStatistics(db: Db): Promise<UserStatistics> {
  const [totals] = await db
    .select({
      total: count(),
      admin: count(sql`case when ${users.role} = 'admin' then 1 end`),
      customer: count(sql`case when ${users.role} = 'customer' then 1 end`),
      active: count(sql`case when ${users.isActive} then 1 end`),
      verified: count(sql`case when ${users.isVerified} then 1 end`),
    })
    .from(users)
    .where(isNull(users.deletedAt));
  const perDay = await db.execute(sql`
    select to_char(d.day, 'YYYY-MM-DD') as date, count(u.id)::int as count
    from generate_series((now() at time zone 'UTC')::date - 29, (now() at time zone 'UTC')::date, interval '1 day') as d(day)
    left join ${users} u on (u.created_at at time zone 'UTC')::date = d.day::date and u.deleted_at is null
    group by d.day order by d.day`);
  const t = totals ?? { total: 0, admin: 0, customer: 0, active: 0, verified: 0 };
  return {
    total: t.total,
    byRole: { customer: t.customer, admin: t.admin },
    active: t.active,
    inactive: t.total - t.active,
    verified: t.verified,
    unverified: t.total - t.verified,
    signupsPerDay: rowsOf<{ date: string; count: number }>(perDay).map((r) => ({ date: r.date, count: Number(r.count) })),
  };
}
