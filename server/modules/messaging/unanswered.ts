// A patient's message left unanswered for UNANSWERED_MESSAGE_MINUTES alerts the care team once
// (a notification without content to every other participant). Every node checks each minute;
// marking the thread with the alerted message id (an atomic update) makes the alert go out once.
import type { Db } from 'mongodb';
import type { HubEmitter } from '../../realtime/types.js';
import { notifyUser } from '../inbox/notify.js';
import type { MessagingStore } from './store.js';

export async function alertUnanswered(
  io: HubEmitter,
  mongo: Db,
  store: MessagingStore,
  minutes: number,
  now = new Date(),
): Promise<number> {
  const cutoff = new Date(now.getTime() - minutes * 60_000);
  const candidates = await store.threads
    .find({ lastMessageAt: { $lte: cutoff } })
    .limit(500)
    .toArray();
  let alerted = 0;
  for (const thread of candidates) {
    const last = thread.lastMessage;
    const patient = thread.participants.find((p) => p.role === 'patient');
    if (!last || !patient || last.senderId !== patient.userId || thread.alertedForMessageId === last.id) continue;
    const claimed = await store.threads.updateOne(
      { _id: thread._id, 'lastMessage.id': last.id, alertedForMessageId: { $ne: last.id } },
      { $set: { alertedForMessageId: last.id } },
    );
    if (claimed.modifiedCount !== 1) continue;
    alerted++;
    const notification = {
      type: 'message_unanswered',
      title: 'A patient is waiting for an answer',
      body: `A message has waited more than ${minutes} minutes`,
      data: { threadId: thread._id, messageId: last.id },
    };
    for (const member of thread.participants) {
      if (member.userId === patient.userId) continue;
      await notifyUser(io, mongo, member.userId, notification, { role: member.role, key: `unanswered:${last.id}`, keepForOffline: true });
    }
  }
  return alerted;
}
