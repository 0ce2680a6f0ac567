import type { Redis } from 'ioredis';

/**
 * Access tokens revoked before they expire (logout). Shared through Redis when configured,
 * so every API instance refuses the token; otherwise kept in this process.
 */
export interface TokenDenylist {
  add(jti: string, expiresAt: Date): Promise<void>;
  has(jti: string): Promise<boolean>;
}

export class RedisTokenDenylist implements TokenDenylist {
  constructor(private readonly redis: Redis) {}

  async add(jti: string, expiresAt: Date): Promise<void> {
    const ttl = Math.ceil((expiresAt.getTime() - Date.now()) / 1000);
    if (ttl > 0) await this.redis.set(`denied-jti:${jti}`, '1', 'EX', ttl);
  }

  async has(jti: string): Promise<boolean> {
    return (await this.redis.exists(`denied-jti:${jti}`)) === 1;
  }
}

export class MemoryTokenDenylist implements TokenDenylist {
  private readonly entries = new Map<string, number>();

  async add(jti: string, expiresAt: Date): Promise<void> {
    this.entries.set(jti, expiresAt.getTime());
    this.purgeExpired();
  }

  async has(jti: string): Promise<boolean> {
    const expiry = this.entries.get(jti);
    return expiry !== undefined && expiry > Date.now();
  }

  private purgeExpired(): void {
    const now = Date.now();
    for (const [jti, expiry] of this.entries) if (expiry <= now) this.entries.delete(jti);
  }
}
