import type { Db } from '../../db/client.js';
import { hashPassword } from '../auth/password.js';
import { findUserByEmail, insertUserUnlessEmailTaken, updateUser } from './users.repository.js';

export type EnsureAdminOutcome = 'created' | 'promoted' | 'unchanged';

/**
 * Makes sure an administrator with this e-mail exists and can sign in. An existing
 * account keeps its password; it is promoted and re-activated if needed.
 */
export async function ensureAdmin(db: Db, admin: { email: string; password: string; fullName?: string }): Promise<EnsureAdminOutcome> {
  const email = admin.email.trim().toLowerCase();
  const existing = await findUserByEmail(db, email);
  if (!existing) {
    await insertUserUnlessEmailTaken(db, {
      email,
      fullName: admin.fullName ?? 'Administrator',
      passwordHash: await hashPassword(admin.password),
      role: 'admin',
      isVerified: true,
    });
    return 'created';
  }
  if (existing.role === 'admin' && existing.isActive && existing.isVerified) return 'unchanged';
  await updateUser(db, existing.id, { role: 'admin', isActive: true, isVerified: true });
  return 'promoted';
}
