// What a person was told, kept in MongoDB: the `inbox` collection (the bell: read state, priority,
// action link, expiry; purged six months after creation by a TTL index, db/mongo/collections.ts)
// and `pending_notifications` (what an offline person is handed, once, on their next connect;
// messaging's socket handler delivers it). Both belong to this module: every in-app notice goes
// through notify.ts, which writes them.
import type { Collection, Db } from 'mongodb';
import { newId } from '../../../db/ids.js';

export const PRIORITIES = ['low', 'normal', 'high'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** A `notification` as it goes over the socket (live/events.ts NotificationPayload). */
export interface Notice {
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
}

export interface InboxDoc extends Notice {
  _id: string;
  userId: string;
  priority: Priority;
  actionUrl: string | null;
  readAt: Date | null;
  /** After this instant the item is no longer listed (a reminder of a visit that has begun). */
  expiresAt: Date | null;
  createdAt: Date;
  /**
   * `<userId>/<caller's key>` when the caller has a deterministic key (a notification_log row, a
   * message id): the unique sparse index makes a repeat of the same notice (a retried job) a no-op.
   */
  key?: string;
}

export interface PendingNotificationDoc extends Notice {
  _id: string;
  userId: string;
  createdAt: Date;
}

export function inboxCollection(db: Db): Collection<InboxDoc> {
  return db.collection<InboxDoc>('inbox');
}

export function pendingNotifications(db: Db): Collection<PendingNotificationDoc> {
  return db.collection<PendingNotificationDoc>('pending_notifications');
}

export interface InboxInput extends Notice {
  priority?: Priority;
  actionUrl?: string | null;
  expiresAt?: Date | null;
  /** Deterministic per notice and recipient's source (e.g. `notification_log:<row id>`); the same key is kept once. */
  key?: string;
}

const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;

/**
 * Keeps one notice in a person's inbox. Answers the item's id and whether it is new: false when an
 * item with the same key is there already (the notice was kept before; nothing is written).
 */
export async function addToInbox(mongo: Db, userId: string, input: InboxInput): Promise<{ id: string; created: boolean }> {
  const doc: InboxDoc = {
    _id: newId(),
    userId,
    type: input.type,
    title: input.title,
    body: input.body,
    data: input.data,
    priority: input.priority ?? 'normal',
    actionUrl: input.actionUrl ?? null,
    readAt: null,
    expiresAt: input.expiresAt ?? null,
    createdAt: new Date(),
    ...(input.key ? { key: `${userId}/${input.key}` } : {}),
  };
  const items = inboxCollection(mongo);
  try {
    await items.insertOne(doc);
    return { id: doc._id, created: true };
  } catch (err) {
    if (!isDuplicate(err) || !doc.key) throw err;
    const kept = await items.findOne({ key: doc.key }, { projection: { _id: 1 } });
    if (!kept) throw err;
    return { id: kept._id, created: false };
  }
}
