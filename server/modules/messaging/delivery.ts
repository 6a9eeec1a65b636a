// Getting messages to people: live to the sockets that joined the thread, and a `notification`
// (no message content: it may show on a lock screen) to the other participants' own sockets, or,
// when they have none anywhere, kept and delivered on their next connect; in their inbox either way.
import type { Db } from 'mongodb';
import { rooms } from '../../realtime/rooms.js';
import type { HubEmitter } from '../../realtime/types.js';
import { notifyUser } from '../inbox/notify.js';
import type { PublicMessage } from './service.js';
import type { MessagingStore, ThreadDoc } from './store.js';

export async function deliver(io: HubEmitter, mongo: Db, thread: ThreadDoc, message: PublicMessage): Promise<void> {
  // To the other side: the sender's own sockets have it from their ack.
  io.to(rooms.thread(thread._id)).except(rooms.user(message.senderId)).emit('message:new', { threadId: thread._id, message });
  const notification = {
    type: 'message',
    title: 'New message',
    body: 'You have a new message in Clinic Hub',
    data: { threadId: thread._id, messageId: message.id },
  };
  for (const p of thread.participants) {
    if (p.userId === message.senderId) continue;
    await notifyUser(io, mongo, p.userId, notification, { role: p.role, key: `message:${message.id}`, keepForOffline: true });
  }
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
