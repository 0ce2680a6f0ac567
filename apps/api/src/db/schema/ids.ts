import { sql } from 'drizzle-orm';
import { uuid } from 'drizzle-orm/pg-core';

/**
 * The primary key of a table whose rows only ever arrive (orders, events, sessions, …): a
 * UUID version 7, time-ordered, made by the database (`uuid_v7()`, migration 0014), so that
 * new rows' index entries land together instead of on a random page each.
 */
export const timeOrderedId = () => uuid('id').primaryKey().default(sql`uuid_v7()`);
