// The "new message" notices of socket sends, written in batches: what inbox/notify.ts does for one
// notice (kept once per key in the recipient's inbox, then sent live to their user room, or kept
// for their next connect when they have no socket anywhere), for every message stored in one turn
// with one inbox insertMany and at most one pending insertMany. A notice whose key is in the inbox
// already (a retried send delivered before) is neither kept nor sent again, as with notifyUser.
import type { Db, MongoBulkWriteError } from 'mongodb';
import { newId } from '../../../db/ids.js';
import { rooms } from '../../realtime/rooms.js';
import type { HubEmitter } from '../../realtime/types.js';
import { lookOf } from '../inbox/look.js';
import { type InboxDoc, inboxCollection, type Notice, pendingNotifications } from '../inbox/store.js';
import type { Presence } from './presence.js';
import type { Participant } from './store.js';
import { AFTER_ACK_WINDOW_MS } from './summaries.js';

interface Waiting {
  doc: InboxDoc;
  notice: Notice;
  done: (err?: unknown) => void;
}

export class MessageNotices {
  private waiting: Waiting[] = [];
  private writing: Promise<void> | null = null;
  private scheduled = false;

  constructor(
    private readonly io: HubEmitter,
    private readonly mongo: Db,
    private readonly presence: Presence,
  ) {}

  /** Each recipient's notice of one message; settles once kept and sent (or failed). */
  add(recipients: Participant[], notice: Notice, key: string): Promise<void> {
    const now = new Date();
    const settled = recipients.map(
      (r) =>
        new Promise<void>((resolve, reject) => {
          const look = lookOf(notice, r.role);
          this.waiting.push({
            notice,
            done: (err) => (err === undefined ? resolve() : reject(err)),
            doc: {
              _id: newId(),
              userId: r.userId,
              ...notice,
              priority: look.priority,
              actionUrl: look.actionUrl,
              readAt: null,
              expiresAt: look.expiresAt,
              createdAt: now,
              key: `${r.userId}/${key}`,
            },
          });
        }),
    );
    this.schedule();
    return Promise.all(settled).then(() => undefined);
  }

  private schedule(): void {
    if (this.writing || this.scheduled) return;
    this.scheduled = true;
    // The notices of the messages sent meanwhile go together (see AFTER_ACK_WINDOW_MS).
    setTimeout(() => {
      this.scheduled = false;
      if (this.writing || !this.waiting.length) return;
      const writing = this.write().finally(() => {
        if (this.writing === writing) this.writing = null;
        if (this.waiting.length) this.schedule();
      });
      this.writing = writing;
    }, AFTER_ACK_WINDOW_MS);
  }

  private async write(): Promise<void> {
    const batch = this.waiting.splice(0, 1_000);
    try {
      const kept = await this.keep(batch);
      const online = await Promise.all(kept.map((w) => this.presence.online(w.doc.userId)));
      const offline = kept.filter((_, i) => !online[i]);
      if (offline.length)
        await pendingNotifications(this.mongo).insertMany(
          offline.map((w) => ({ _id: newId(), userId: w.doc.userId, ...w.notice, createdAt: w.doc.createdAt })),
          { ordered: false },
        );
      // One emit per notice to every recipient online (they get the same payload).
      const live = new Map<Notice, string[]>();
      kept.forEach((w, i) => {
        if (online[i]) live.set(w.notice, [...(live.get(w.notice) ?? []), rooms.user(w.doc.userId)]);
      });
      for (const [n, to] of live) this.io.to(to).emit('notification', { type: n.type, title: n.title, body: n.body, data: n.data });
      for (const w of batch) w.done();
    } catch (err) {
      for (const w of batch) w.done(err);
    }
  }

  /** Inserts the batch's inbox items; answers those that are new (a duplicate key was kept before). */
  private async keep(batch: Waiting[]): Promise<Waiting[]> {
    try {
      await inboxCollection(this.mongo).insertMany(
        batch.map((w) => w.doc),
        { ordered: false },
      );
      return batch;
    } catch (err) {
      const errors = (err as MongoBulkWriteError).writeErrors;
      const list = Array.isArray(errors) ? errors : errors ? [errors] : null;
      if (!list || list.some((e) => e.code !== 11000)) throw err;
      const repeated = new Set(list.map((e) => e.index));
      return batch.filter((_, i) => !repeated.has(i));
    }
  }

  /** Everything added so far is kept and sent. */
  async settled(): Promise<void> {
    while (this.waiting.length || this.writing || this.scheduled) {
      if (this.writing) await this.writing;
      else await new Promise((r) => setImmediate(r));
    }
  }
}
