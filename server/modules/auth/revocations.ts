// Access tokens that must stop working before they expire:
// - every token of a user (a deactivated account): refused when issued up to the revocation;
// - every token of a session, i.e. of a refresh-token family (logout, reuse of a spent refresh
//   token): refused whatever its issue time, since a revoked family never gets a new token.
// Access tokens are checked without a database read, so each server node keeps the recent
// revocations in memory: loaded from Redis sorted sets at start (and after every reconnect), kept
// current through Redis channels. Entries older than the access-token lifetime are dropped: every
// token they could refuse has expired by then.
// Redis is not where revocations are kept for good: a Redis restarted without its data would
// forget them, and a node started after that would let revoked tokens in. So every load also reads
// the recent revocations MySQL holds (revoked refresh-token families, deactivated logins: `durable`)
// and writes back to Redis whatever this node knows that Redis lacks.
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';

/**
 * A session token signed just after its family was revoked (a refresh that raced the revocation)
 * expires up to this much later than the revocation plus the token lifetime: keep families longer.
 */
const FAMILY_GRACE_MS = 60_000;

type Kind = 'user' | 'family';

/** A revocation as kept in the database: `at` in ms since 1970. */
export interface KeptRevocation {
  kind: Kind;
  id: string;
  at: number;
}

/** The revocations the database holds from `since` on. */
export type DurableRevocations = (since: Date) => Promise<KeptRevocation[]>;

interface Events {
  /** A revocation this node has just learnt of (its own or another node's); a repeat of a known one is silent. */
  revoked: [kind: Kind, id: string];
}

export class RevocationList extends EventEmitter<Events> {
  private readonly revokedAt: Record<Kind, Map<string, number>> = { user: new Map(), family: new Map() };
  private readonly keys: Record<Kind, string>;
  private readonly channels: Record<Kind, string>;
  private readonly retentionMs: Record<Kind, number>;
  private subscriber: Redis | null = null;
  private sweptAt = 0;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    ttlMs: number,
    private readonly durable: DurableRevocations = async () => [],
  ) {
    super();
    this.keys = { user: `${prefix}:auth:revoked-users`, family: `${prefix}:auth:revoked-families` };
    this.channels = { user: `${prefix}:auth:user-revoked`, family: `${prefix}:auth:family-revoked` };
    this.retentionMs = { user: ttlMs, family: ttlMs + FAMILY_GRACE_MS };
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
    subscriber.on('message', (channel: string, message: string) => {
      const kind: Kind | null = channel === this.channels.user ? 'user' : channel === this.channels.family ? 'family' : null;
      const [id, at] = message.split(' ');
      if (kind && id && at) this.remember(kind, id, Number(at));
    });
    subscriber.on('ready', () => void this.load());
    await subscriber
      .subscribe(this.channels.user, this.channels.family)
      .then(() => this.load())
      .catch(() => undefined);
  }

  private async load(): Promise<void> {
    const now = Date.now();
    for (const kind of ['user', 'family'] as const) {
      const recent = await this.redis.zrangebyscore(this.keys[kind], now - this.retentionMs[kind], '+inf', 'WITHSCORES').catch(() => []);
      for (let i = 0; i < recent.length; i += 2) this.remember(kind, recent[i]!, Number(recent[i + 1]));
    }
    const kept = await this.durable(new Date(now - Math.max(this.retentionMs.user, this.retentionMs.family))).catch(() => []);
    for (const { kind, id, at } of kept) if (at >= now - this.retentionMs[kind]) this.remember(kind, id, at);
    await this.restore().catch(() => undefined);
  }

  /** Writes every recent revocation this node knows back to Redis (GT: a newer one there stays), for nodes that start later. */
  private async restore(): Promise<void> {
    const batch = this.redis.pipeline();
    for (const kind of ['user', 'family'] as const) {
      for (const [id, at] of this.revokedAt[kind]) if (at >= Date.now() - this.retentionMs[kind]) batch.zadd(this.keys[kind], 'GT', at, id);
    }
    if (batch.length) await batch.exec();
  }

  async stop(): Promise<void> {
    await this.subscriber?.quit().catch(() => undefined);
  }

  /** Refuses every access token of this user issued up to now, on every node. */
  revoke(userId: string): Promise<void> {
    return this.add('user', userId);
  }

  /** Refuses every access token of this session (refresh-token family), on every node. */
  revokeFamily(familyId: string): Promise<void> {
    return this.add('family', familyId);
  }

  /** True when the token (issued at `issuedAtSeconds`) predates a revocation of its user. */
  isRevoked(userId: string, issuedAtSeconds: number): boolean {
    const at = this.current('user', userId);
    // iat has second precision: a token issued in the same second as the revocation is refused too.
    return at !== undefined && issuedAtSeconds * 1000 <= at;
  }

  /** True when the session the token belongs to has ended. */
  isFamilyRevoked(familyId: string): boolean {
    return this.current('family', familyId) !== undefined;
  }

  private async add(kind: Kind, id: string): Promise<void> {
    const at = Date.now();
    this.remember(kind, id, at);
    await this.redis
      .multi()
      .zadd(this.keys[kind], at, id)
      .zremrangebyscore(this.keys[kind], '-inf', at - this.retentionMs[kind])
      .publish(this.channels[kind], `${id} ${at}`)
      .exec();
  }

  private current(kind: Kind, id: string): number | undefined {
    const at = this.revokedAt[kind].get(id);
    if (at === undefined) return undefined;
    if (at < Date.now() - this.retentionMs[kind]) {
      this.revokedAt[kind].delete(id);
      return undefined;
    }
    return at;
  }

  private remember(kind: Kind, id: string, at: number): void {
    const known = this.revokedAt[kind].get(id);
    if (known !== undefined && at <= known) return;
    this.revokedAt[kind].set(id, at);
    this.emit('revoked', kind, id);
    this.sweep();
  }

  /** Forgets expired entries now and then: tokens they refused have expired, and are never looked up again. */
  private sweep(): void {
    const now = Date.now();
    if (now - this.sweptAt < 60_000) return;
    this.sweptAt = now;
    for (const kind of ['user', 'family'] as const) {
      for (const [id, at] of this.revokedAt[kind]) if (at < now - this.retentionMs[kind]) this.revokedAt[kind].delete(id);
    }
  }
}
