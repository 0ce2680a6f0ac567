import type { Role } from '@emporium/contracts';

/** What a signed-in request needs to know about its session's user. */
export interface LiveSession {
  userId: string;
  role: Role;
  email: string;
  isVerified: boolean;
  /** When the session itself expires. */
  expiresAt: Date;
}

/**
 * The longest a session's user is trusted without reading it again, even if no change is
 * heard of: a backstop for a change made where no instance could broadcast it (a script on
 * the database), not the way changes normally arrive.
 */
const MAX_AGE_MS = 60_000;
/** Sessions kept at most; the oldest go first. ~200 bytes each. */
const MAX_ENTRIES = 20_000;

/**
 * Live sessions by id, so a signed-in request does not read its session and user from the
 * database every time (two of the five queries of an order were these lookups). Cleared as a
 * whole when any session ends or any user changes, on this and, through the cache
 * invalidation channel, on every instance before that write is acknowledged. A read that
 * began before a clear is not stored (`generation`), so it cannot put back what the clear
 * removed.
 */
export class SessionCache {
  private readonly entries = new Map<string, { session: LiveSession; until: number }>();
  private generation = 0;

  constructor(private readonly enabled: () => boolean) {}

  /** The session's user, from the cache or from `read` (undefined: not a live session). */
  async get(sessionId: string, read: () => Promise<LiveSession | undefined>): Promise<LiveSession | undefined> {
    if (!this.enabled()) return read();
    const now = Date.now();
    const hit = this.entries.get(sessionId);
    if (hit && hit.until > now) return hit.session;
    if (hit) this.entries.delete(sessionId);
    const generation = this.generation;
    const session = await read();
    if (session && generation === this.generation && this.enabled()) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(sessionId, { session, until: Math.min(session.expiresAt.getTime(), now + MAX_AGE_MS) });
    }
    return session;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
