// The one way a person is told something in the app: the notice is kept in their inbox, then sent
// live as `notification` to their sockets (every node, through the adapter) or, for call sites
// that ask for it, kept in pending_notifications when they have no socket anywhere, to be handed
// over on their next connect. The inbox write comes first, so a bell that reloads on the live
// event already finds the item.
//
// A notice with a key (a notification_log row, a message id) is kept once: when the same key comes
// again (a retried job, an event published twice) it was delivered before, and nothing is sent again.
import type { Db } from 'mongodb';
import { newId } from '../../../db/ids.js';
import type { LoginRole } from '../../../db/schema/users.js';
import { rooms } from '../../realtime/rooms.js';
import type { HubEmitter } from '../../realtime/types.js';
import { type Look, lookOf } from './look.js';
import { addToInbox, type Notice, pendingNotifications } from './store.js';

export interface NotifyOptions {
  /** The recipient's role: which page the item's action link opens (look.ts). */
  role: LoginRole;
  /** Deterministic for this notice to this person; a repeat is neither kept nor sent again. */
  key?: string;
  /** Offline recipients get it on their next connect as well (besides the inbox). */
  keepForOffline?: boolean;
  /** Overrides of look.ts's priority, action link or expiry. */
  look?: Partial<Look>;
  /**
   * Whether the recipient has a socket anywhere, when the caller keeps presence itself (messaging's,
   * in Redis): then no node is asked (fetchSockets waits for every node's answer).
   */
  online?: (userId: string) => Promise<boolean>;
}

/** Keeps `notice` in the person's inbox and delivers it live; false when its key was delivered before. */
export async function notifyUser(io: HubEmitter, mongo: Db, userId: string, notice: Notice, opts: NotifyOptions): Promise<boolean> {
  const look = { ...lookOf(notice, opts.role), ...opts.look };
  const kept = await addToInbox(mongo, userId, { ...notice, ...look, ...(opts.key ? { key: opts.key } : {}) });
  if (!kept.created) return false;
  const payload: Notice = { type: notice.type, title: notice.title, body: notice.body, data: notice.data };
  if (opts.keepForOffline) {
    const online = opts.online ? await opts.online(userId) : (await io.in(rooms.user(userId)).fetchSockets()).length > 0;
    if (!online) {
      await pendingNotifications(mongo).insertOne({ _id: newId(), userId, ...payload, createdAt: new Date() });
      return true;
    }
  }
  io.to(rooms.user(userId)).emit('notification', payload);
  return true;
}
