// Sequence numbers of boards and queues, shared by every node through Redis: each change adds
// exactly one, so a client that sees a gap knows it missed something and asks for a snapshot.
//
// A counter that is missing (a new board, or a Redis restarted without its data) is seeded from
// Redis's own clock in microseconds, not from 0: every seq handed out before was a seed plus one
// per change, and no board changes a million times a second, so the seeded counter is above
// anything a client has seen and screens take the next update instead of ignoring it as old.
// One clock (Redis's) seeds every node, so a node's skewed clock cannot move a seed backwards.
import type { Redis } from 'ioredis';

/** The views whose updates carry a sequence number. */
export type SequencedView = 'board' | 'queue' | 'pharmacy';

/** KEYS[1] the counter, ARGV[1] 1 to take the next seq, 0 to read the current one. */
const SEEDED_SEQ = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  local t = redis.call('TIME')
  redis.call('SET', KEYS[1], t[1] .. string.format('%06d', tonumber(t[2])))
end
return redis.call('INCRBY', KEYS[1], ARGV[1])
`;

export class Sequences {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(kind: SequencedView, id: string) {
    return `${this.prefix}:seq:${kind}:${id}`;
  }

  private run(kind: SequencedView, id: string, by: 0 | 1): Promise<number> {
    return this.redis.eval(SEEDED_SEQ, 1, this.key(kind, id), by) as Promise<number>;
  }

  /** The seq of the next change (one more than the current). */
  next(kind: SequencedView, id: string): Promise<number> {
    return this.run(kind, id, 1);
  }

  /** The seq of the view as it is now, for a snapshot. */
  current(kind: SequencedView, id: string): Promise<number> {
    return this.run(kind, id, 0);
  }
}
