// Threads held in this node's memory, so a message over a socket needs no thread read: the thread
// (its participants) is read once (thread:join, or the first send) and kept until it changes. Who
// may write is checked against the held participants on every send; a change to the participants
// (the care team: added or removed staff) drops the thread on every node at once (a Redis
// publish, `threadChanged`), and the next send reads it again, so a removed participant's joined
// socket is refused from then on. Whether the thread's patient and doctor still have a care
// relationship (a MySQL read) is trusted for CARE_CHECK_MS, then read again behind the next send
// (that send still goes by the previous answer, up to CARE_STALE_MS old): a relationship that ends
// (a cancelled visit, the window passing) closes the socket path within CARE_CHECK_MS plus one
// MySQL read; REST checks every time. A held thread is read again after HELD_MAX_MS whatever
// happened: a change notice this node missed (a publish that failed) heals by itself.
import type { Redis } from 'ioredis';
import type { MessagingStore, ThreadDoc } from './store.js';

/** How long a "they have a care relationship" answer is trusted on the socket path. */
export const CARE_CHECK_MS = 5_000;
/** Beyond this age a care answer is not used at all: the send waits for a fresh one. */
export const CARE_STALE_MS = 60_000;
/** Threads held per node; the oldest-read go first beyond it. */
const MAX_HELD = 20_000;
/** The longest a thread is held without being read again. */
export const HELD_MAX_MS = 60_000;

interface Held {
  thread: ThreadDoc;
  /** When it was read (performance.now()). */
  at: number;
  /** The last care-relationship answer and when it was read (performance.now()). */
  care?: { writable: boolean; at: number };
  /** The read of it in flight, if any. */
  asking?: Promise<boolean>;
}

export class ThreadCache {
  private readonly held = new Map<string, Held>();
  /** Bumped when a thread is dropped: a read that began before the drop is not kept. */
  private readonly epochs = new Map<string, number>();
  private epoch = 0;

  constructor(
    private readonly store: MessagingStore,
    private readonly careRelationship: (thread: ThreadDoc) => Promise<boolean>,
    private readonly careCheckMs = CARE_CHECK_MS,
    private readonly heldMaxMs = HELD_MAX_MS,
  ) {}

  /** The thread (held, else read and held); null when there is none. */
  async get(threadId: string): Promise<ThreadDoc | null> {
    const held = this.held.get(threadId);
    if (held && performance.now() - held.at < this.heldMaxMs) return held.thread;
    const since = this.mark(threadId);
    const thread = await this.store.threads.findOne({ _id: threadId });
    if (thread) this.hold(thread, since);
    return thread;
  }

  /** Where the thread's changes stand now: take it before reading the thread, give it to hold(). */
  mark(threadId: string): number {
    return this.epochs.get(threadId) ?? this.epoch;
  }

  /** Whether the thread was dropped (it changed) since `mark` gave `since`. */
  changedSince(threadId: string, since: number): boolean {
    return this.mark(threadId) !== since;
  }

  /**
   * Holds a thread read after `mark` gave `since` (thread:join's access check, or get). A read that
   * began before the thread changed is not kept: it may still list a participant just removed.
   */
  hold(thread: ThreadDoc, since: number): void {
    if (this.changedSince(thread._id, since)) return;
    this.held.delete(thread._id);
    if (this.held.size >= MAX_HELD) this.held.delete(this.held.keys().next().value!);
    this.held.set(thread._id, { thread, at: performance.now() });
  }

  /** Whether new text may go into the thread (a care relationship), trusted for careCheckMs. */
  async writable(thread: ThreadDoc): Promise<boolean> {
    const held = this.held.get(thread._id);
    const last = held?.care;
    if (held && last) {
      const age = performance.now() - last.at;
      if (age < this.careCheckMs) return last.writable;
      // Stale but recent: answered from memory while it is asked again behind this send, so a
      // slow MySQL never holds a message up; only an answer older than CARE_STALE_MS is waited for.
      if (age < CARE_STALE_MS) {
        if (!held.asking) void this.recheck(thread, held).catch(() => undefined);
        return last.writable;
      }
    }
    return held?.asking ?? this.recheck(thread, held);
  }

  private async recheck(thread: ThreadDoc, held: Held | undefined): Promise<boolean> {
    const asking = this.careRelationship(thread);
    if (held) held.asking = asking;
    try {
      const writable = await asking;
      if (held) held.care = { writable, at: performance.now() };
      return writable;
    } finally {
      if (held?.asking === asking) held.asking = undefined;
    }
  }

  /** Drops a thread on this node (it changed); the next use reads it again. */
  forget(threadId: string): void {
    this.held.delete(threadId);
    this.epochs.set(threadId, ++this.epoch);
    // The epochs only matter while a read is in flight: keep the map from growing without end.
    if (this.epochs.size > MAX_HELD) this.epochs.clear();
  }

  /** Whether this node holds the thread now. */
  holds(threadId: string): boolean {
    return this.held.has(threadId);
  }

  forgetAll(): void {
    for (const id of [...this.held.keys()]) this.forget(id);
  }

  get size(): number {
    return this.held.size;
  }
}

/** The channel on which nodes hear that a thread changed (its participants). */
export const threadChannel = (redisPrefix: string) => `${redisPrefix}:messaging:thread-changed`;

/**
 * Listens for thread changes from every node (a subscriber connection of its own, as Redis
 * requires) and drops them from `cache`. Answers a stop function.
 */
export async function listenForThreadChanges(redis: Redis, redisPrefix: string, cache: ThreadCache): Promise<() => Promise<void>> {
  // Its subscribe waits for Redis (no retry limit): a node starts without Redis and reports itself
  // not ready, rather than failing to start; the main connection logs Redis trouble.
  const subscriber = redis.duplicate({ maxRetriesPerRequest: null });
  subscriber.on('error', () => undefined);
  const channel = threadChannel(redisPrefix);
  subscriber.on('message', (ch: string, threadId: string) => {
    if (ch === channel) cache.forget(threadId);
  });
  // After a lost connection, what changed meanwhile was not heard: drop everything held.
  subscriber.on('ready', () => {
    cache.forgetAll();
  });
  void subscriber.subscribe(channel).catch(() => undefined);
  return async () => {
    if (subscriber.status === 'ready') await subscriber.quit().catch(() => subscriber.disconnect());
    else subscriber.disconnect();
  };
}

/** Tells every node (this one at once) that a thread's participants changed. */
export async function threadChanged(redis: Redis, redisPrefix: string, cache: ThreadCache, threadId: string): Promise<void> {
  cache.forget(threadId);
  await redis.publish(threadChannel(redisPrefix), threadId);
}
