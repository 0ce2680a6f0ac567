import type { Readable } from 'node:stream';
import type {
  AdminCreateUserInput,
  AdminUpdateUserInput,
  UpdateProfileInput,
  User,
  UserFilter,
  UserListQuery,
  UserStatistics,
} from '@emporium/contracts';
import type { Db } from '../../db/client.js';
import { decodeCursor, encodeCursor, isIsoTimestamp, isUuid } from '../../lib/cursor.js';
import { isEmptyChange } from '../../lib/empty-change.js';
import { isStillReferenced } from '../../lib/pg-errors.js';
import { generateSecureToken } from '../../lib/secure-token.js';
import { hashPassword, isCommonPassword } from '../auth/password.js';
import { revokeUserSessions } from '../auth/sessions.repository.js';
import { recordEvent } from '../events/domain-events.js';
import { erasePersonalData } from './personal-data.js';
import { toUserView } from './user-view.js';
import { CannotModifySelfError, CommonPasswordError, EmailAlreadyRegisteredError, UserNotFoundError } from './users.errors.js';
import { exportUsersCsv } from './users.export.js';
import {
  countUsers,
  deleteUserRow,
  findUserById,
  insertUserUnlessEmailTaken,
  listUsersPage,
  updateUser,
  userStatistics,
} from './users.repository.js';

export interface UsersServiceDeps {
  db: Db;
  /** Called after a user changed (committed): clears every instance's session cache. */
  onSessionsChanged: () => Promise<void>;
}

/** Profiles and the administration of accounts. */
export class UsersService {
  constructor(private readonly deps: UsersServiceDeps) {}

  async getProfile(userId: string): Promise<User> {
    const row = await findUserById(this.deps.db, userId);
    if (!row) throw new UserNotFoundError();
    return toUserView(row);
  }

  async updateProfile(userId: string, input: UpdateProfileInput): Promise<User> {
    const row = isEmptyChange(input) ? await findUserById(this.deps.db, userId) : await updateUser(this.deps.db, userId, input);
    if (!row) throw new UserNotFoundError();
    await this.deps.onSessionsChanged();
    return toUserView(row);
  }

  async list(query: UserListQuery): Promise<{ items: User[]; nextCursor: string | null; total: number }> {
    const { limit, cursor, ...filter } = query;
    const after = cursor
      ? decodeCursor<[string, string]>(cursor, (v): v is [string, string] => v.length === 2 && isIsoTimestamp(v[0]) && isUuid(v[1]))
      : undefined;
    const [rows, total] = await Promise.all([
      listUsersPage(this.deps.db, filter, limit + 1, after && { createdAt: after[0], id: after[1] }),
      countUsers(this.deps.db, filter),
    ]);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor = rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null;
    return { items: page.map(toUserView), nextCursor, total };
  }

  async create(actorId: string, input: AdminCreateUserInput): Promise<User> {
    if (await isCommonPassword(input.password)) throw new CommonPasswordError('password');
    const passwordHash = await hashPassword(input.password);
    const row = await this.deps.db.transaction(async (tx) => {
      const created = await insertUserUnlessEmailTaken(tx, {
        email: input.email,
        fullName: input.fullName,
        passwordHash,
        role: input.role,
        isVerified: input.isVerified,
      });
      if (!created) throw new EmailAlreadyRegisteredError();
      await recordEvent(tx, {
        type: 'user.registered',
        actorId,
        subjectType: 'user',
        subjectId: created.id,
        payload: { email: created.email, role: created.role, by: 'admin' },
      });
      return created;
    });
    return toUserView(row);
  }

  async get(id: string): Promise<User> {
    const row = await findUserById(this.deps.db, id);
    if (!row || row.deletedAt) throw new UserNotFoundError();
    return toUserView(row);
  }

  /** Role and activation changes; deactivating ends every session of that user. */
  async update(actorId: string, id: string, input: AdminUpdateUserInput): Promise<User> {
    if (isEmptyChange(input)) {
      const existing = await findUserById(this.deps.db, id);
      if (!existing || existing.deletedAt) throw new UserNotFoundError();
      return toUserView(existing);
    }
    if (id === actorId && (input.role === 'customer' || input.isActive === false)) {
      throw new CannotModifySelfError(input.isActive === false ? 'deactivate' : 'demote');
    }
    const user = await this.deps.db.transaction(async (tx) => {
      const existing = await findUserById(tx, id);
      if (!existing || existing.deletedAt) throw new UserNotFoundError();
      const row = await updateUser(tx, id, input);
      if (!row) throw new UserNotFoundError();
      if (existing.isActive && !row.isActive) await revokeUserSessions(tx, id, 'deactivated');
      if (existing.role !== row.role) {
        await recordEvent(tx, {
          type: 'user.role_changed',
          actorId,
          subjectType: 'user',
          subjectId: id,
          payload: { from: existing.role, to: row.role },
        });
      }
      return toUserView(row);
    });
    await this.deps.onSessionsChanged();
    return user;
  }

  /**
   * Removes the account and erases the customer's personal data everywhere (see
   * erasePersonalData). When other records still point at it (orders, reviews…) the row is
   * kept for them, deactivated and anonymised.
   */
  async delete(actorId: string, id: string): Promise<void> {
    if (id === actorId) throw new CannotModifySelfError('delete');
    await this.deps.db.transaction(async (tx) => {
      const existing = await findUserById(tx, id);
      if (!existing || existing.deletedAt) throw new UserNotFoundError();
      await erasePersonalData(tx, existing);
      await recordEvent(tx, { type: 'user.deleted', actorId, subjectType: 'user', subjectId: id, payload: { by: 'admin' } });
      try {
        await tx.transaction((savepoint) => deleteUserRow(savepoint, id));
      } catch (err) {
        if (!isStillReferenced(err)) throw err;
        await updateUser(tx, id, {
          email: `deleted-${id}@deleted.invalid`,
          fullName: 'Deleted user',
          passwordHash: `!disabled:${generateSecureToken()}`,
          isActive: false,
          deletedAt: new Date(),
        });
      }
    });
    await this.deps.onSessionsChanged();
  }

  /** A CSV stream of the users matching the filter, for download. */
  exportCsv(filter: UserFilter): Readable {
    return exportUsersCsv(this.deps.db, filter);
  }

  statistics(): Promise<UserStatistics> {
    return userStatistics(this.deps.db);
  }
}
