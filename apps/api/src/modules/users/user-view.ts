import type { User } from '@emporium/contracts';
import type { UserRow } from '../../db/schema/index.js';

/** The public shape of a user: never the password hash. */
export function toUserView(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    fullName: row.fullName,
    role: row.role,
    isActive: row.isActive,
    isVerified: row.isVerified,
    createdAt: row.createdAt.toISOString(),
  };
}
