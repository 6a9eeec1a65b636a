// Sequence numbers of boards and queues, shared by every node through Redis: each change adds
// exactly one, so a client that sees a gap knows it missed something and asks for a snapshot.
import type { Redis } from 'ioredis';

export class Sequences {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(kind: 'board' | 'queue', id: string) {
    return `${this.prefix}:seq:${kind}:${id}`;
  }

  async next(kind: 'board' | 'queue', id: string): Promise<number> {
    return this.redis.incr(this.key(kind, id));
  }

  async current(kind: 'board' | 'queue', id: string): Promise<number> {
    return Number((await this.redis.get(this.key(kind, id))) ?? 0);
  }
}
