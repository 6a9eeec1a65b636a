// A low rating or negative words open a follow-up (service.ts); this tells the location's admins
// at once, in the app: the notification names the feedback, never its words or its author. Admins
// tied to the location get it, or every admin where none is. Whoever is offline finds it on their
// next connect, and everyone has it in their inbox (inbox/notify.ts); the open follow-up itself stays listed
// (GET /api/feedback?followUp=open) until an admin closes it.
import type { Db } from 'mongodb';
import type { Database } from '../../../db/mysql.js';
import type { HubEmitter } from '../../realtime/types.js';
import { notifyUser } from '../inbox/notify.js';
import { listUsers, usersAtLocation } from '../users/repository.js';
import type { FollowUpNotifier } from './service.js';

export function followUpNotifier(db: Database, mongo: Db, io: HubEmitter, log: { warn(obj: object, msg: string): void }): FollowUpNotifier {
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
        await notifyUser(io, mongo, userId, notification, { role: 'admin', key: `feedback_follow_up:${doc._id}`, keepForOffline: true });
      }
    } catch (err) {
      // The feedback is stored and its follow-up listed; a missed live notice must not fail the patient's request.
      log.warn({ err, feedbackId: doc._id }, 'feedback follow-up notice not delivered');
    }
  };
}
