import type { Db } from '../../db/client.js';
import { deleteSessionsAndTokensOf } from '../auth/sessions.repository.js';
import { emptyCart } from '../cart/cart.repository.js';
import { scrubPersonFromEvents } from '../events/domain-events.js';
import { dropMailTo } from '../mail/mail.outbox.js';
import { forgetIdempotencyKeysOf } from '../orders/idempotency.js';
import { eraseOrderAddressesOf } from '../orders/orders.repository.js';

/**
 * Erases a customer's personal data everywhere it lives but the users row (which the caller
 * deletes or anonymises), in the caller's transaction, each part by the module that keeps it.
 * Orders stay for bookkeeping (number, date, lines, amounts, status, country); names,
 * addresses, phone and notes go. What was already sent elsewhere (mail, Kafka, logs) is out of
 * reach: see docs/security.md.
 */
export async function erasePersonalData(tx: Db, user: { id: string; email: string; fullName: string }): Promise<void> {
  await eraseOrderAddressesOf(tx, user.id);
  await deleteSessionsAndTokensOf(tx, user.id);
  await emptyCart(tx, user.id);
  await forgetIdempotencyKeysOf(tx, user.id);
  await dropMailTo(tx, user.email);
  await scrubPersonFromEvents(tx, user);
}
