import type { Db } from '../db/client.js';
import { hashPassword } from '../modules/auth/password.js';
import { ensureAdmin } from '../modules/users/admin-bootstrap.js';
import { insertUserUnlessEmailTaken } from '../modules/users/users.repository.js';

/** Demo sign-ins, printed at start. Only ever created when SEED_DEMO is on (never in production). */
export const DEMO_ACCOUNTS = {
  admin: { email: 'admin@emporium.test', password: 'emporium-admin-demo', fullName: 'Demo Admin' },
  customer: { email: 'customer@emporium.test', password: 'emporium-customer-demo', fullName: 'Demo Customer' },
} as const;

export type SeedProgress = (step: string) => void;

/** Idempotent: running it again changes nothing that exists. */
export async function seedDemo(db: Db, progress: SeedProgress = () => {}): Promise<void> {
  progress('demo admin');
  await ensureAdmin(db, DEMO_ACCOUNTS.admin);
  progress('demo customer');
  const c = DEMO_ACCOUNTS.customer;
  await insertUserUnlessEmailTaken(db, {
    email: c.email,
    fullName: c.fullName,
    passwordHash: await hashPassword(c.password),
    isVerified: true,
  });
}
