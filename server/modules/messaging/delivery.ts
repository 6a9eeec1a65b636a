// Getting messages to people: live to the sockets that joined the thread and to the other
// participants' own rooms (one emit: a socket in both gets it once), and a `notification` (no
// message content: it may show on a lock screen) to the other participants' sockets, or, when
// they have none anywhere (presence.ts, one Redis read, no node asked), kept and delivered on
// their next connect; in their inbox either way.
import type { Db } from 'mongodb';
import { rooms } from '../../realtime/rooms.js';
import type { HubEmitter } from '../../realtime/types.js';
import { notifyUser } from '../inbox/notify.js';
import type { Presence } from './presence.js';
import type { PublicMessage } from './service.js';
import type { MessagingStore, ThreadDoc } from './store.js';

/** The message to everyone else in the thread, live; the sender's own sockets have it from their ack. */
export function deliverLive(io: HubEmitter, thread: ThreadDoc, message: PublicMessage): void {
  const others = thread.participants.filter((p) => p.userId !== message.senderId).map((p) => rooms.user(p.userId));
  io.to([rooms.thread(thread._id), ...others])
    .except(rooms.user(message.senderId))
    .emit('message:new', { threadId: thread._id, message });
}

/** What the other participants are told of a new message: never its content (it may show on a lock screen). */
export const messageNotice = (threadId: string, messageId: string) => ({
  type: 'message',
  title: 'New message',
  body: 'You have a new message in Clinic Hub',
  data: { threadId, messageId },
});

/** The other participants' notifications: kept in their inbox, live or kept for their next connect. */
export async function notifyParticipants(io: HubEmitter, mongo: Db, presence: Presence | null, thread: ThreadDoc, message: PublicMessage) {
  const notification = messageNotice(thread._id, message.id);
  await Promise.all(
    thread.participants
      .filter((p) => p.userId !== message.senderId)
      .map((p) =>
        notifyUser(io, mongo, p.userId, notification, {
          role: p.role,
          key: `message:${message.id}`,
          keepForOffline: true,
          ...(presence ? { online: (userId: string) => presence.online(userId) } : {}),
        }),
      ),
  );
}

/** Both, for the REST send (which answers after them). */
export async function deliver(io: HubEmitter, mongo: Db, presence: Presence | null, thread: ThreadDoc, message: PublicMessage) {
  deliverLive(io, thread, message);
  await notifyParticipants(io, mongo, presence, thread, message);
}

/** Hands a user what arrived while they were away, once. */
export async function deliverPending(
  store: MessagingStore,
  userId: string,
  emit: (n: { type: string; title: string; body: string; data: Record<string, unknown> }) => void,
) {
  const pending = await store.pending.find({ userId }).sort({ _id: 1 }).limit(100).toArray();
  for (const n of pending) {
    const removed = await store.pending.deleteOne({ _id: n._id });
    if (removed.deletedCount === 1) emit({ type: n.type, title: n.title, body: n.body, data: n.data });
  }
}
