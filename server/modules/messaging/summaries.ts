// A thread's summary (its last message and everyone's unread count) follows each new message.
// Written behind the message, in batches: what arrives while a write is in flight is merged per
// thread (the newest last message, the unread counts added up) and goes in one bulkWrite next, so
// a busy node makes one summary write per batch instead of one per message. A send over a socket
// is acknowledged once its message is stored, without waiting for this; REST and reads on this
// node wait for what is pending here (settled()), and close() writes it before shutdown.
import type { AnyBulkWriteOperation } from 'mongodb';
import type { MessageDoc, MessagingStore, ThreadDoc } from './store.js';

/** How long the writes after a socket send's ack (thread summaries, notices) wait for more to join them. */
export const AFTER_ACK_WINDOW_MS = 10;

const PREVIEW = 80;

interface Pending {
  lastMessage: NonNullable<ThreadDoc['lastMessage']>;
  unread: Record<string, number>;
  done: ((err?: unknown) => void)[];
}

export class ThreadSummaries {
  private pending = new Map<string, Pending>();
  private writing: Promise<void> | null = null;
  private scheduled = false;

  constructor(private readonly store: MessagingStore) {}

  /** Counts `message` into its thread's summary; settles once written (or failed). */
  add(thread: Pick<ThreadDoc, '_id' | 'participants'>, message: MessageDoc): Promise<void> {
    const last = { id: message._id, senderId: message.senderId, preview: message.body.slice(0, PREVIEW), at: message.createdAt };
    let entry = this.pending.get(thread._id);
    if (!entry) {
      entry = { lastMessage: last, unread: {}, done: [] };
      this.pending.set(thread._id, entry);
    } else if (last.id > entry.lastMessage.id) entry.lastMessage = last;
    for (const p of thread.participants) if (p.userId !== message.senderId) entry.unread[p.userId] = (entry.unread[p.userId] ?? 0) + 1;
    const settled = new Promise<void>((resolve, reject) => entry.done.push((err) => (err === undefined ? resolve() : reject(err))));
    this.schedule();
    return settled;
  }

  private schedule(): void {
    if (this.writing || this.scheduled) return;
    this.scheduled = true;
    // A few milliseconds later: the messages stored meanwhile go together. At a steady rate a
    // batch per turn held one message, each paying a driver round trip; nobody waits for these.
    setTimeout(() => {
      this.scheduled = false;
      this.start();
    }, AFTER_ACK_WINDOW_MS);
  }

  private start(): void {
    if (this.writing || !this.pending.size) return;
    const writing = this.write().finally(() => {
      if (this.writing === writing) this.writing = null;
      if (this.pending.size) this.schedule();
    });
    this.writing = writing;
  }

  private async write(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    const ops: AnyBulkWriteOperation<ThreadDoc>[] = [...batch].map(([threadId, p]) => ({
      updateOne: {
        filter: { _id: threadId },
        update: {
          $set: { lastMessage: p.lastMessage, lastMessageAt: p.lastMessage.at },
          ...(Object.keys(p.unread).length
            ? { $inc: Object.fromEntries(Object.entries(p.unread).map(([userId, n]) => [`unread.${userId}`, n])) }
            : {}),
        },
      },
    }));
    try {
      await this.store.threads.bulkWrite(ops, { ordered: false });
      for (const p of batch.values()) for (const done of p.done) done();
    } catch (err) {
      for (const p of batch.values()) for (const done of p.done) done(err);
    }
  }

  /** Everything counted on this node so far is written (failures are the adders' to report). */
  async settled(): Promise<void> {
    while (this.pending.size || this.writing) {
      if (!this.writing) this.start();
      await this.writing;
    }
  }
}
