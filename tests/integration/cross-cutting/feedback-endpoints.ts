// The access matrix's rows for feedback (issue 18): the visit's patient gives it (another patient:
// 404), anyone holding a link uses it without signing in, admins moderate and read everything, the
// rated doctor replies (another doctor: 404), patients report replies and mark entries helpful, and
// every signed-in person reads a doctor's rating and published reviews (screens do not).
import { eq } from 'drizzle-orm';
import { appointments } from '../../../db/schema/index.js';
import { ANY_DOCTOR, ANY_NURSE, ANY_PATIENT, CALLERS, type Caller, type Endpoint } from '../../support/access-matrix.js';
import { type Actor, bearer } from '../../support/factories.js';
import { feedbackToken } from '../../support/feedback.js';
import type { TestHub } from '../../support/test-hub.js';

export interface FeedbackWorld {
  doctorId: string;
  /** A fresh completed visit of the patient with the doctor. */
  visit: () => Promise<string>;
  /** A fresh published entry about the doctor, without a reply. */
  published: () => Promise<string>;
  /** A published entry with a reply and an open follow-up (overall 1). */
  replied: string;
  /** A completed visit's link token (reading what it is about never uses it up). */
  linkToken: string;
  /** Fresh link tokens, one for each caller who submits through a link. */
  unusedLinks: string[];
}

export async function feedbackWorld(hub: TestHub, parties: { receptionist: Actor; admin: Actor; doctor: Actor; patient: Actor }) {
  const send = async (actor: Actor, url: string, payload?: object) => {
    const res = await hub.app.inject({ method: 'POST', url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });
    if (res.statusCode >= 300) throw new Error(`POST ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  // A walk-in marked completed in MySQL: the doctor's queue holds other tests' visits, so call-next would take another.
  const visit = async () => {
    const { id } = await send(parties.receptionist, '/api/walk-ins', {
      doctorId: parties.doctor.doctorId,
      patientId: parties.patient.patientId,
      allowDuplicate: true,
    });
    await hub.app.db.update(appointments).set({ status: 'completed', completedAt: new Date() }).where(eq(appointments.id, id));
    return id as string;
  };
  const published = async (overall = 4) => {
    const { id } = await send(parties.patient, `/api/appointments/${await visit()}/feedback`, { ratings: { overall } });
    await send(parties.admin, `/api/feedback/${id}/moderate`, { status: 'approved' });
    return id as string;
  };
  const replied = await published(1);
  await send(parties.doctor, `/api/feedback/${replied}/reply`, { body: 'Thank you, we are sorry' });
  const linkToken = feedbackToken(hub, await visit());
  const unusedLinks: string[] = [];
  for (const _ of CALLERS) unusedLinks.push(feedbackToken(hub, await visit()));
  return {
    doctorId: parties.doctor.doctorId!,
    visit,
    published: () => published(),
    replied,
    linkToken,
    unusedLinks,
  } satisfies FeedbackWorld;
}

const PEOPLE: Caller[] = ['admin', 'receptionist', 'pharmacist', ...ANY_DOCTOR, ...ANY_NURSE, ...ANY_PATIENT];

export function feedbackEndpoints(world: () => FeedbackWorld): Endpoint[] {
  const entry = (tail: string) => () => `/api/feedback/${world().replied}${tail}`;
  return [
    {
      name: 'POST /api/appointments/:id/feedback',
      method: 'POST',
      url: async () => `/api/appointments/${await world().visit()}/feedback`,
      body: () => ({ ratings: { overall: 5 } }),
      allowed: ['patient'],
      hidden: ['otherPatient'],
    },
    {
      name: 'POST /api/feedback/link',
      method: 'POST',
      url: () => '/api/feedback/link',
      body: () => ({ token: world().linkToken }),
      // The link is the credential: whoever holds it (signed in or not) gets the same answer.
      allowed: [...CALLERS],
    },
    {
      name: 'POST /api/feedback/link/submit',
      method: 'POST',
      url: () => '/api/feedback/link/submit',
      body: () => ({ token: world().unusedLinks.pop(), ratings: { overall: 4 } }),
      allowed: [...CALLERS],
    },
    {
      name: 'GET /api/feedback/mine',
      method: 'GET',
      url: () => '/api/feedback/mine',
      allowed: [...ANY_PATIENT],
    },
    {
      name: 'GET /api/feedback',
      method: 'GET',
      url: () => '/api/feedback',
      allowed: ['admin', ...ANY_DOCTOR],
    },
    { name: 'GET /api/feedback/:id/author', method: 'GET', url: entry('/author'), allowed: ['admin'] },
    {
      name: 'POST /api/feedback/:id/moderate',
      method: 'POST',
      url: entry('/moderate'),
      body: () => ({ status: 'approved' }),
      allowed: ['admin'],
    },
    {
      name: 'POST /api/feedback/:id/reply',
      method: 'POST',
      url: async () => `/api/feedback/${await world().published()}/reply`,
      body: () => ({ body: 'Thank you for taking the time' }),
      allowed: ['doctor'],
      hidden: ['otherDoctor'],
    },
    {
      name: 'POST /api/feedback/:id/reply/report',
      method: 'POST',
      url: entry('/reply/report'),
      body: () => ({ reason: 'Unkind' }),
      allowed: [...ANY_PATIENT],
    },
    {
      name: 'POST /api/feedback/:id/reply/moderate',
      method: 'POST',
      url: entry('/reply/moderate'),
      body: () => ({ hidden: false }),
      allowed: ['admin'],
    },
    { name: 'POST /api/feedback/:id/helpful', method: 'POST', url: entry('/helpful'), allowed: [...ANY_PATIENT] },
    {
      name: 'POST /api/feedback/:id/follow-up',
      method: 'POST',
      url: entry('/follow-up'),
      body: () => ({ status: 'done' }),
      allowed: ['admin'],
    },
    { name: 'GET /api/doctors/:id/rating', method: 'GET', url: () => `/api/doctors/${world().doctorId}/rating`, allowed: PEOPLE },
    { name: 'GET /api/doctors/:id/reviews', method: 'GET', url: () => `/api/doctors/${world().doctorId}/reviews`, allowed: PEOPLE },
  ];
}
