// The access matrix's rows for the inbox (issue 19): every signed-in person reads and clears their
// own (screens have none); one person's item does not exist for anyone else (404).
import { addToInbox } from '../../../server/modules/inbox/store.js';
import { ANY_DOCTOR, ANY_NURSE, ANY_PATIENT, type Caller, type Endpoint } from '../../support/access-matrix.js';
import type { Actor } from '../../support/factories.js';
import type { TestHub } from '../../support/test-hub.js';

export interface InboxWorld {
  /** An item in the inbox of the matrix's `patient`. */
  patientItem: string;
}

export async function inboxWorld(hub: TestHub, owner: Actor): Promise<InboxWorld> {
  const { id } = await addToInbox(hub.app.mongo.db, owner.userId!, {
    type: 'message',
    title: 'New message',
    body: 'You have a new message in Clinic Hub',
    data: {},
  });
  return { patientItem: id };
}

const PEOPLE: Caller[] = ['admin', 'receptionist', 'pharmacist', ...ANY_DOCTOR, ...ANY_NURSE, ...ANY_PATIENT];

export function inboxEndpoints(world: () => InboxWorld): Endpoint[] {
  return [
    { name: 'GET /api/inbox', method: 'GET', url: () => '/api/inbox?unread=true', allowed: PEOPLE },
    {
      name: 'POST /api/inbox/:id/read',
      method: 'POST',
      url: () => `/api/inbox/${world().patientItem}/read`,
      allowed: ['patient'],
      hidden: PEOPLE.filter((c) => c !== 'patient'),
    },
    { name: 'POST /api/inbox/read-all', method: 'POST', url: () => '/api/inbox/read-all', allowed: PEOPLE },
  ];
}
