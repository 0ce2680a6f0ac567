import type { ChangePasswordInput, RegisterInput, ResetPasswordInput, User } from '@emporium/contracts';
import type { Db } from '../../db/client.js';
import type { UserRow } from '../../db/schema/index.js';
import { generateSecureToken, hashSecureToken } from '../../lib/secure-token.js';
import { recordEvent } from '../events/domain-events.js';
import { enqueueMail } from '../mail/mail.outbox.js';
import { toUserView } from '../users/user-view.js';
import { CommonPasswordError, UserNotFoundError } from '../users/users.errors.js';
import { findUserByEmail, findUserById, insertUserUnlessEmailTaken, updateUser } from '../users/users.repository.js';
import type { AttemptLimiter } from './attempt-limiter.js';
import { CurrentPasswordIncorrectError, TokenInvalidError } from './auth.errors.js';
import type { ClientInfo, Principal } from './auth.service.js';
import { hashPassword, isCommonPassword, verifyPassword } from './password.js';
import {
  consumeUserToken,
  insertUserToken,
  isLiveUserToken,
  retireUserTokens,
  retireUserTokensBeyond,
  revokeUserSessions,
  type UserTokenPurpose,
} from './sessions.repository.js';

const VERIFY_EMAIL_TTL_MS = 24 * 3600_000;
const RESET_PASSWORD_TTL_MS = 3600_000;
/** Links of one kind that stay valid at once (the newest); using any of them voids the others. */
const LIVE_LINKS_PER_PURPOSE = 3;

export interface AccountsServiceDeps {
  db: Db;
  publicWebUrl: string;
  registerLimiter: AttemptLimiter;
  forgotPasswordLimiter: AttemptLimiter;
  resendVerificationLimiter: AttemptLimiter;
  resetPasswordLimiter: AttemptLimiter;
  changePasswordLimiter: AttemptLimiter;
  /** Called after a transaction that queued mail has committed. */
  onMailQueued: () => void;
  /** Called after a user changed or sessions ended (committed): clears every instance's session cache. */
  onSessionsChanged: () => Promise<void>;
}

/**
 * Registration, e-mail verification and the password flows that mail a link. Every flow that
 * hashes a password or sends mail is rate limited per client and shop-wide, and turns away
 * what it can tell is wrong cheaply (an unknown token) before hashing.
 */
export class AccountsService {
  constructor(private readonly deps: AccountsServiceDeps) {}

  /**
   * Answers the same whether or not the address has an account: the password is hashed either
   * way (the limits bound what that costs), and where the address is taken its owner is mailed
   * instead (links to sign in or reset the password, no token), so neither the answer nor its
   * time tells a stranger who shops here. The per-address limit also bounds the mails an owner
   * can be sent.
   */
  async register(input: RegisterInput, client: ClientInfo): Promise<void> {
    await this.deps.registerLimiter.consume({ client: client.ip, account: input.email, global: true });
    if (await isCommonPassword(input.password)) throw new CommonPasswordError('password');
    const passwordHash = await hashPassword(input.password);
    await this.deps.db.transaction(async (tx) => {
      const row = await insertUserUnlessEmailTaken(tx, { email: input.email, fullName: input.fullName, passwordHash });
      if (!row) return this.tellOwnerOfTakenAddress(tx, input.email);
      await recordEvent(tx, {
        type: 'user.registered',
        actorId: row.id,
        subjectType: 'user',
        subjectId: row.id,
        payload: { email: row.email, role: row.role, by: 'self' },
      });
      await this.mailLink(tx, row, 'verify_email');
    });
    this.deps.onMailQueued();
  }

  async verifyEmail(token: string): Promise<User> {
    const user = await this.deps.db.transaction(async (tx) => {
      const userId = await consumeUserToken(tx, hashSecureToken(token), 'verify_email');
      if (!userId) throw new TokenInvalidError('verification');
      await retireUserTokens(tx, userId, 'verify_email');
      const row = await updateUser(tx, userId, { isVerified: true });
      if (!row) throw new TokenInvalidError('verification');
      await recordEvent(tx, {
        type: 'user.verified',
        actorId: row.id,
        subjectType: 'user',
        subjectId: row.id,
        payload: { email: row.email },
      });
      return toUserView(row);
    });
    await this.deps.onSessionsChanged();
    return user;
  }

  /** Answers the same whether or not the account exists; only unverified accounts get a mail. */
  async resendVerification(email: string, client: ClientInfo): Promise<void> {
    await this.deps.resendVerificationLimiter.consume({ client: client.ip, account: email, global: true });
    const queued = await this.deps.db.transaction(async (tx) => {
      const user = await findUserByEmail(tx, email);
      if (!user || user.isVerified || !user.isActive) return false;
      await this.mailLink(tx, user, 'verify_email');
      return true;
    });
    if (queued) this.deps.onMailQueued();
  }

  async forgotPassword(email: string, client: ClientInfo): Promise<void> {
    await this.deps.forgotPasswordLimiter.consume({ client: client.ip, account: email, global: true });
    const queued = await this.deps.db.transaction(async (tx) => {
      const user = await findUserByEmail(tx, email);
      if (!user?.isActive) return false;
      await this.mailLink(tx, user, 'reset_password');
      return true;
    });
    if (queued) this.deps.onMailQueued();
  }

  /** Sets a new password from a mailed link; every session of the user ends. */
  async resetPassword(input: ResetPasswordInput, client: ClientInfo): Promise<void> {
    await this.deps.resetPasswordLimiter.consume({ client: client.ip });
    const tokenHash = hashSecureToken(input.token);
    if (!(await isLiveUserToken(this.deps.db, tokenHash, 'reset_password'))) throw new TokenInvalidError('password reset');
    // Only requests with a real token count against the shop-wide budget: a flood of made-up
    // tokens must not use it up and refuse the customers who really reset their password.
    await this.deps.resetPasswordLimiter.consume({ global: true });
    if (await isCommonPassword(input.password)) throw new CommonPasswordError('password');
    const passwordHash = await hashPassword(input.password);
    await this.deps.db.transaction(async (tx) => {
      const userId = await consumeUserToken(tx, tokenHash, 'reset_password');
      if (!userId) throw new TokenInvalidError('password reset');
      // Receiving the link proves control of the mailbox, so the address counts as verified.
      const user = await updateUser(tx, userId, { passwordHash, isVerified: true });
      if (!user) throw new TokenInvalidError('password reset');
      await retireUserTokens(tx, userId, 'reset_password');
      await revokeUserSessions(tx, userId, 'password_reset');
      await enqueueMail(tx, 'password-changed', user.email, { fullName: user.fullName });
    });
    this.deps.onMailQueued();
    await this.deps.onSessionsChanged();
  }

  /** Changes the password of the signed-in user; their other sessions end. */
  async changePassword(principal: Principal, input: ChangePasswordInput, client: ClientInfo): Promise<void> {
    // Per account too: a stolen access token must not become a fast way to guess the password.
    await this.deps.changePasswordLimiter.consume({ client: client.ip, account: principal.userId, global: true });
    const user = await findUserById(this.deps.db, principal.userId);
    if (!user) throw new UserNotFoundError();
    if (await isCommonPassword(input.newPassword)) throw new CommonPasswordError('newPassword');
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) throw new CurrentPasswordIncorrectError();
    const passwordHash = await hashPassword(input.newPassword);
    await this.deps.db.transaction(async (tx) => {
      await updateUser(tx, user.id, { passwordHash });
      await retireUserTokens(tx, user.id, 'reset_password');
      await revokeUserSessions(tx, user.id, 'password_changed', principal.sessionId);
      await enqueueMail(tx, 'password-changed', user.email, { fullName: user.fullName });
    });
    this.deps.onMailQueued();
    await this.deps.onSessionsChanged();
  }

  private async tellOwnerOfTakenAddress(tx: Db, email: string): Promise<void> {
    const owner = await findUserByEmail(tx, email);
    if (!owner?.isActive || owner.deletedAt) return;
    const web = this.deps.publicWebUrl;
    await enqueueMail(tx, 'account-exists', owner.email, {
      fullName: owner.fullName,
      signInLink: `${web}/login`,
      resetLink: `${web}/forgot-password`,
    });
  }

  private async mailLink(tx: Db, user: UserRow, purpose: UserTokenPurpose): Promise<void> {
    const token = generateSecureToken();
    const ttl = purpose === 'verify_email' ? VERIFY_EMAIL_TTL_MS : RESET_PASSWORD_TTL_MS;
    await retireUserTokensBeyond(tx, user.id, purpose, LIVE_LINKS_PER_PURPOSE - 1);
    await insertUserToken(tx, { userId: user.id, purpose, tokenHash: hashSecureToken(token), expiresAt: new Date(Date.now() + ttl) });
    const page = purpose === 'verify_email' ? 'verify-email' : 'reset-password';
    const link = `${this.deps.publicWebUrl}/${page}?token=${encodeURIComponent(token)}`;
    await enqueueMail(tx, purpose === 'verify_email' ? 'verify-email' : 'reset-password', user.email, { fullName: user.fullName, link });
  }
}
