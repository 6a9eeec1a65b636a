// A low rating or negative words open a follow-up (service.ts); this tells the location's admins
// at once, in the app: the notification names the feedback, never its words or its author. Admins
// tied to the location get it, or every admin where none is. Whoever is offline finds it on their
// next connect (messaging's pending notifications); the open follow-up itself stays listed
// (GET /api/feedback?followUp=open) until an admin closes it.
import type { Db } from 'mongodb';
import { newId } from '../../../db/ids.js';
import type { Database } from '../../../db/mysql.js';
import { rooms } from '../../realtime/rooms.js';
import type { HubEmitter } from '../../realtime/types.js';
import { messagingStore } from '../messaging/store.js';
import { listUsers, usersAtLocation } from '../users/repository.js';
import type { FollowUpNotifier } from './service.js';

export function followUpNotifier(db: Database, mongo: Db, io: HubEmitter, log: { warn(obj: object, msg: string): void }): FollowUpNotifier {
  const pending = messagingStore(mongo).pending;
  return async (doc) => {
    const notification = {
      type: 'feedback_follow_up',
      title: 'Feedback needs a follow-up',
      body: 'A patient gave low feedback about a visit',
      data: { feedbackId: doc._id, locationId: doc.locationId },
    };
    try {
      let admins = await usersAtLocation(db, doc.locationId, 'admin');
      if (!admins.length)
        admins = (await listUsers(db, { role: 'admin', limit: 100, offset: 0 })).rows.filter((u) => u.active).map((u) => u.id);
      for (const userId of admins) {
        const online = await io.in(rooms.user(userId)).fetchSockets();
        if (online.length) io.to(rooms.user(userId)).emit('notification', notification);
        else await pending.insertOne({ _id: newId(), userId, ...notification, createdAt: new Date() });
      }
    } catch (err) {
      // The feedback is stored and its follow-up listed; a missed live notice must not fail the patient's request.
      log.warn({ err, feedbackId: doc._id }, 'feedback follow-up notice not delivered');
    }
  };
}
