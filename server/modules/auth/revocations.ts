// Logins whose access tokens must stop working before they expire (a deactivated account).
// Access tokens are checked without a database read, so each server node keeps the recent
// revocations in memory: loaded from a Redis sorted set at start, kept current through a Redis
// channel. A token issued before its user's revocation is refused. Entries older than the
// access-token lifetime are dropped: every token they could refuse has expired by then.
import type { Redis } from 'ioredis';

export class RevocationList {
  private readonly revokedAt = new Map<string, number>();
  private readonly key: string;
  private readonly channel: string;
  private subscriber: Redis | null = null;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly ttlMs: number,
  ) {
    this.key = `${prefix}:auth:revoked-users`;
    this.channel = `${prefix}:auth:user-revoked`;
  }

  /**
   * Subscribes and loads the recent revocations, again after every reconnect (a revocation may
   * have been published while the connection was down). Does not wait for Redis: a node without
   * Redis still starts and reports itself not ready on /health/ready.
   */
  async start(): Promise<void> {
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('error', () => {}); // the main connection logs Redis trouble
    subscriber.on('message', (_channel, message: string) => {
      const [userId, at] = message.split(' ');
      if (userId && at) this.remember(userId, Number(at));
    });
    subscriber.on('ready', () => void this.load());
    await subscriber
      .subscribe(this.channel)
      .then(() => this.load())
      .catch(() => undefined);
  }

  private async load(): Promise<void> {
    const recent = await this.redis.zrangebyscore(this.key, Date.now() - this.ttlMs, '+inf', 'WITHSCORES').catch(() => []);
    for (let i = 0; i < recent.length; i += 2) this.remember(recent[i]!, Number(recent[i + 1]));
  }

  async stop(): Promise<void> {
    await this.subscriber?.quit().catch(() => undefined);
  }

  /** Refuses every access token of this user issued up to now, on every node. */
  async revoke(userId: string): Promise<void> {
    const at = Date.now();
    this.remember(userId, at);
    await this.redis
      .multi()
      .zadd(this.key, at, userId)
      .zremrangebyscore(this.key, '-inf', at - this.ttlMs)
      .publish(this.channel, `${userId} ${at}`)
      .exec();
  }

  /** True when the token (issued at `issuedAtSeconds`) predates a revocation of its user. */
  isRevoked(userId: string, issuedAtSeconds: number): boolean {
    const at = this.revokedAt.get(userId);
    if (at === undefined) return false;
    if (at < Date.now() - this.ttlMs) {
      this.revokedAt.delete(userId);
      return false;
    }
    // iat has second precision: a token issued in the same second as the revocation is refused too.
    return issuedAtSeconds * 1000 <= at;
  }

  private remember(userId: string, at: number): void {
    const known = this.revokedAt.get(userId) ?? 0;
    if (at > known) this.revokedAt.set(userId, at);
  }
}
