// Who has a socket open anywhere, kept in Redis, so deciding whether a notification must be kept
// for someone's next connect costs one Redis read instead of asking every node (fetchSockets waits
// for all of them). Per person, a sorted set of the nodes holding a socket of theirs, scored with
// when that claim expires: a node renews its claims every PRESENCE_TTL_MS / 3 and removes them as
// the person's last socket there closes, so a node that dies stops counting within PRESENCE_TTL_MS.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

export const PRESENCE_TTL_MS = 60_000;

export class Presence {
  /** This node's name in the sets. */
  readonly node = randomBytes(8).toString('hex');
  /** Sockets per person on this node. */
  private readonly local = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs = PRESENCE_TTL_MS,
  ) {
    this.timer = setInterval(() => void this.renew().catch(() => undefined), ttlMs / 3);
    this.timer.unref();
  }

  private key(userId: string): string {
    return `${this.prefix}:presence:${userId}`;
  }

  /** A socket of `userId` connected to this node. */
  async connected(userId: string): Promise<void> {
    const count = (this.local.get(userId) ?? 0) + 1;
    this.local.set(userId, count);
    if (count === 1) await this.claim([userId]);
  }

  /** One of `userId`'s sockets on this node closed. */
  async disconnected(userId: string): Promise<void> {
    const count = (this.local.get(userId) ?? 1) - 1;
    if (count > 0) {
      this.local.set(userId, count);
      return;
    }
    this.local.delete(userId);
    await this.redis.zrem(this.key(userId), this.node);
  }

  /** Whether `userId` has a socket open on any node (this one answers without asking Redis). */
  async online(userId: string): Promise<boolean> {
    if (this.local.has(userId)) return true;
    return (await this.redis.zcount(this.key(userId), Date.now(), '+inf')) > 0;
  }

  private async claim(userIds: string[]): Promise<void> {
    const until = Date.now() + this.ttlMs;
    const batch = this.redis.pipeline();
    for (const userId of userIds) {
      batch.zadd(this.key(userId), until, this.node);
      // Expired claims of dead nodes go with the key, or when a live node claims again.
      batch.zremrangebyscore(this.key(userId), '-inf', Date.now());
      batch.pexpire(this.key(userId), this.ttlMs);
    }
    await batch.exec();
  }

  private async renew(): Promise<void> {
    const users = [...this.local.keys()];
    for (let i = 0; i < users.length; i += 1_000) await this.claim(users.slice(i, i + 1_000));
  }

  /** On shutdown: this node's claims go at once. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    const users = [...this.local.keys()];
    this.local.clear();
    if (!users.length) return;
    const batch = this.redis.pipeline();
    for (const userId of users) batch.zrem(this.key(userId), this.node);
    await batch.exec();
  }
}
