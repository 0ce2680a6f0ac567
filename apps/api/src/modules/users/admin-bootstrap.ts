import type { Db } from '../../db/client.js';
import { hashPassword } from '../auth/password.js';
import { AdminAccountUnverifiedError } from './users.errors.js';
import { findUserByEmail, insertUserUnlessEmailTaken, updateUser } from './users.repository.js';

export type EnsureAdminOutcome = 'created' | 'promoted' | 'unchanged';

/**
 * Makes sure an administrator with this e-mail exists and can sign in. An existing account
 * keeps its password; it is promoted and re-activated if needed, but only when its owner has
 * proven the mailbox: an unverified account may have been registered by a stranger ahead of
 * the operator, and promoting it would hand them the shop (AdminAccountUnverifiedError).
 */
export async function ensureAdmin(db: Db, admin: { email: string; password: string; fullName?: string }): Promise<EnsureAdminOutcome> {
  const email = admin.email.trim().toLowerCase();
  const existing = await findUserByEmail(db, email);
  if (!existing) {
    const created = await insertUserUnlessEmailTaken(db, {
      email,
      fullName: admin.fullName ?? 'Administrator',
      passwordHash: await hashPassword(admin.password),
      role: 'admin',
      isVerified: true,
    });
    // Registered between the look-up and the insert: decide again on what is there now.
    return created ? 'created' : ensureAdmin(db, admin);
  }
  if (!existing.isVerified) throw new AdminAccountUnverifiedError(email);
  if (existing.role === 'admin' && existing.isActive) return 'unchanged';
  await updateUser(db, existing.id, { role: 'admin', isActive: true });
  return 'promoted';
}
