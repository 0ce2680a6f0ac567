import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { cartItems, idempotencyKeys, mailOutbox, orders, sessions, userTokens } from '../../db/schema/index.js';

/** What stays of a deleted customer's shipping address: the country, for revenue by tax jurisdiction. */
const ERASED_ADDRESS = sql`jsonb_build_object(
  'fullName', '', 'line1', '', 'line2', '', 'city', '', 'postalCode', '', 'phone', '',
  'country', coalesce(${orders.shippingAddress}->>'country', ''))`;

/**
 * Erases a customer's personal data everywhere it lives but the users row (which the caller
 * deletes or anonymises), in the caller's transaction. Orders stay for bookkeeping (number,
 * date, lines, amounts, status, country); names, addresses, phone and notes go. What was
 * already sent elsewhere (mail, Kafka, logs) is out of reach: see docs/security.md.
 */
export async function erasePersonalData(tx: Db, user: { id: string; email: string; fullName: string }): Promise<void> {
  await tx.update(orders).set({ shippingAddress: ERASED_ADDRESS, note: '', updatedAt: sql`now()` }).where(eq(orders.userId, user.id));
  // Sessions carry IP addresses and user agents; their refresh tokens go with them (cascade).
  await tx.delete(sessions).where(eq(sessions.userId, user.id));
  await tx.delete(userTokens).where(eq(userTokens.userId, user.id));
  await tx.delete(cartItems).where(eq(cartItems.userId, user.id));
  // Stored checkout answers repeat the order with its address.
  await tx.delete(idempotencyKeys).where(eq(idempotencyKeys.userId, user.id));
  // Sent mail keeps the address; pending mail would still reach someone who asked to be forgotten.
  await tx.delete(mailOutbox).where(eq(mailOutbox.recipient, user.email));
  await scrubEventPayloads(tx, user);
}

/**
 * Events are the audit trail, so they stay, keyed by the (now anonymous) user id; the address
 * is replaced wherever a payload holds it as a value, the name in events about the user (an
 * event the user caused may name a product). Matching the JSON-encoded string, quotes
 * included, replaces whole values only.
 */
async function scrubEventPayloads(tx: Db, user: { id: string; email: string; fullName: string }): Promise<void> {
  const email = JSON.stringify(user.email);
  const name = JSON.stringify(user.fullName);
  await tx.execute(sql`
    update domain_events
    set payload = (case when subject_id = ${user.id}::uuid
      then replace(replace(payload::text, ${email}, '"[erased]"'), ${name}, '"[erased]"')
      else replace(payload::text, ${email}, '"[erased]"') end)::jsonb
    where actor_id = ${user.id}::uuid or subject_id = ${user.id}::uuid or strpos(payload::text, ${email}) > 0`);
}
