// A person's own inbox: listed newest first (ids are ULIDs, so _id order is time order), read one
// by one or all at once. Only the owner's items exist for them: another person's id is 404, as is
// an expired item (no longer listed, so nothing to mark).
import type { Db, Filter } from 'mongodb';
import { notFound } from '../../errors.js';
import { type InboxDoc, inboxCollection } from './store.js';

export interface InboxItem {
  id: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  priority: InboxDoc['priority'];
  actionUrl: string | null;
  read: boolean;
  createdAt: string;
}

export interface InboxPage {
  items: InboxItem[];
  unreadCount: number;
  next: string | null;
}

/** Items not yet expired at `now` (no expiry, or one still ahead). */
const live = (now: Date): Filter<InboxDoc> => ({ $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] });

export function toItem(doc: InboxDoc): InboxItem {
  return {
    id: doc._id,
    type: doc.type,
    title: doc.title,
    body: doc.body,
    data: doc.data ?? {},
    priority: doc.priority,
    actionUrl: doc.actionUrl,
    read: doc.readAt !== null,
    createdAt: doc.createdAt.toISOString(),
  };
}

export class InboxService {
  private readonly items;

  constructor(mongo: Db) {
    this.items = inboxCollection(mongo);
  }

  private unreadCount(userId: string, now: Date): Promise<number> {
    return this.items.countDocuments({ $and: [{ userId, readAt: null }, live(now)] });
  }

  async list(userId: string, q: { unread?: boolean; limit?: number; before?: string }, now = new Date()): Promise<InboxPage> {
    const limit = q.limit ?? 20;
    const where: Filter<InboxDoc> = {
      $and: [{ userId }, live(now), ...(q.unread ? [{ readAt: null }] : []), ...(q.before ? [{ _id: { $lt: q.before } }] : [])],
    };
    const [docs, unreadCount] = await Promise.all([
      this.items
        .find(where)
        .sort({ _id: -1 })
        .limit(limit + 1)
        .toArray(),
      this.unreadCount(userId, now),
    ]);
    const page = docs.slice(0, limit);
    return { items: page.map(toItem), unreadCount, next: docs.length > limit ? (page.at(-1)?._id ?? null) : null };
  }

  /** The caller's own item as it is now (404 for anyone else's, or an expired one). */
  async own(userId: string, id: string, now = new Date()): Promise<InboxDoc> {
    const doc = await this.items.findOne({ $and: [{ _id: id, userId }, live(now)] });
    if (!doc) throw notFound('Inbox item');
    return doc;
  }

  /** Marks one item read (again is a no-op: it keeps its first reading time). */
  async markRead(userId: string, id: string, now = new Date()): Promise<InboxItem> {
    await this.own(userId, id, now);
    await this.items.updateOne({ _id: id, userId, readAt: null }, { $set: { readAt: now } });
    return toItem(await this.own(userId, id, now));
  }

  async markAllRead(userId: string, now = new Date()): Promise<{ marked: number; unreadCount: number }> {
    const r = await this.items.updateMany({ $and: [{ userId, readAt: null }, live(now)] }, { $set: { readAt: now } });
    return { marked: r.modifiedCount, unreadCount: await this.unreadCount(userId, now) };
  }
}
