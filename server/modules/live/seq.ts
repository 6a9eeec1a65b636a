// Sequence numbers of boards and queues, shared by every node through Redis: each change adds
// exactly one, so a client that sees a gap knows it missed something and asks for a snapshot.
import type { Redis } from 'ioredis';

/** The views whose updates carry a sequence number. */
export type SequencedView = 'board' | 'queue' | 'pharmacy';

export class Sequences {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(kind: SequencedView, id: string) {
    return `${this.prefix}:seq:${kind}:${id}`;
  }

  async next(kind: SequencedView, id: string): Promise<number> {
    return this.redis.incr(this.key(kind, id));
  }

  async current(kind: SequencedView, id: string): Promise<number> {
    return Number((await this.redis.get(this.key(kind, id))) ?? 0);
  }
}
