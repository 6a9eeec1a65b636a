// Reminders end to end: a booking made over HTTP, the worker (planner + sender) in this process,
// email into a real SMTP server, SMS into a local HTTP gateway, in-app over the patient's socket.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openQueues } from '../../../server/jobs/queues.js';
import { notificationJobId } from '../../../server/modules/notifications/plan.js';
import { type Actor, bearer, patient } from '../../support/factories.js';
import { type Mail, offsetDueIn, smsReceiver, smtpCatcher, startWorker } from '../../support/notifications.js';
import { bookableClinic, todayAt, zoneWhereItIsMorning } from '../../support/scheduling.js';
import { client, connected, recorder } from '../../support/sockets.js';
import { listenOnLoopback, startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let base: string;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let smtp: Awaited<ReturnType<typeof smtpCatcher>>;
let sms: Awaited<ReturnType<typeof smsReceiver>>;
const morning = zoneWhereItIsMorning();

beforeAll(async () => {
  [smtp, sms] = await Promise.all([smtpCatcher(), smsReceiver()]);
  hub = await startTestHub({ SMTP_URL: smtp.url, SMS_WEBHOOK_URL: sms.url, QUIET_HOURS: 'off' });
  base = await listenOnLoopback(hub.app);
  clinic = await bookableClinic(hub, morning.zone);
});
afterAll(async () => {
  await hub.close();
  await Promise.all([smtp.close(), sms.close()]);
});

const call = (actor: Actor, method: 'GET' | 'POST', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });

async function book(patientId: string, startAt: string): Promise<{ id: string; bookingReference: string }> {
  const res = await call(clinic.receptionist, 'POST', '/api/appointments', {
    doctorId: clinic.doctor.doctorId,
    patientId,
    startAt,
    reason: 'Persistent cough since March',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const to = (email: string | undefined) => (m: Mail) => m.to.includes(email as string);

/** Nothing waiting, running or delayed in the notifications queue. */
async function drained(queues: ReturnType<typeof openQueues>) {
  await vi.waitFor(async () => expect(await queues.notifications.getJobCountByTypes('wait', 'active', 'delayed', 'prioritized')).toBe(0), {
    timeout: 15_000,
    interval: 50,
  });
}
const titled = (title: string) => (m: Mail) => m.subject.startsWith(title);

describe('booking', () => {
  it('sends a confirmation now and one reminder per offset at its time, on every channel, once', async () => {
    const startAt = todayAt(morning.offsetHours, '11:30');
    const visit = await book(clinic.patient.patientId, startAt);
    const socket = client(base, clinic.patient.token);
    const inApp = recorder<{ type: string; title: string; body: string; data: Record<string, unknown> }>(socket, 'notification');
    await connected(socket);
    // Two reminders due in ~1.5 s and ~3 s; P1D was already past when the visit was booked.
    const offsets = [offsetDueIn(startAt, 1_500), offsetDueIn(startAt, 3_000), 'P1D'];
    const worker = await startWorker(hub.env, { REMINDER_OFFSETS: offsets.join(',') });
    try {
      await smtp.untilMails((all) => all.filter(to(clinic.patient.email)).length >= 3);
      await sms.until((all) => all.length >= 3);
      await inApp.count(3);
      // Everything due has run: a late duplicate would be here by now.
      const queues = openQueues(hub.app.redis.duplicate({ maxRetriesPerRequest: null }), hub.config.redisPrefix);
      await drained(queues).finally(() => queues.close());
      const mails = smtp.mails.filter(to(clinic.patient.email));
      const texts = sms.messages;
      const notes = inApp.seen;
      expect(mails).toHaveLength(3);
      expect(texts).toHaveLength(3);
      expect(notes).toHaveLength(3);

      expect(mails.filter(titled('Appointment booked'))).toHaveLength(1);
      expect(mails.filter(titled('Appointment reminder'))).toHaveLength(2);
      for (const mail of mails) {
        expect(mail.decoded).toContain(clinic.location.name as string);
        expect(mail.decoded).toContain('at 11:30'); // the location's local time
        expect(mail.decoded).toContain(visit.bookingReference);
        expect(mail.decoded).toContain('text/html');
        expect(mail.decoded).toMatch(/BEGIN:VCALENDAR[\s\S]*METHOD:REQUEST[\s\S]*UID:[^\r\n]*@clinic-hub/);
        expect(mail.decoded).not.toContain('cough'); // nothing clinical leaves the app
        expect(mail.decoded).not.toContain(clinic.doctor.email as string);
      }
      expect(new Set(mails.map((m) => m.headers['message-id'])).size).toBe(3);

      expect(texts.map((t) => t.to)).toEqual(['+491512345678', '+491512345678', '+491512345678']);
      for (const t of texts) {
        expect(t.body).toContain('11:30');
        expect(t.body).not.toContain('cough');
        expect(t.headers['idempotency-key']).toBe(t.reference);
      }
      expect(notes.map((n) => n.type).sort()).toEqual(['appointment_confirmation', 'appointment_reminder', 'appointment_reminder']);
      expect(notes.every((n) => n.data.appointmentId === visit.id && !JSON.stringify(n).includes('cough'))).toBe(true);

      const listed = (await call(clinic.patient, 'GET', `/api/appointments/${visit.id}/reminders`)).json() as {
        kind: string;
        offset: string | null;
        channel: string;
        status: string;
        reason: string | null;
        dueAt: string;
        sentAt: string | null;
      }[];
      expect(listed).toHaveLength(12);
      expect(listed.filter((r) => r.status === 'sent')).toHaveLength(9);
      // Booked inside the one-day offset: recorded as skipped, with the reason, on every channel.
      expect(listed.filter((r) => r.offset === 'P1D').map((r) => [r.status, r.reason])).toEqual([
        ['skipped', 'booked_inside_offset'],
        ['skipped', 'booked_inside_offset'],
        ['skipped', 'booked_inside_offset'],
      ]);
      for (const r of listed.filter((x) => x.kind === 'reminder' && x.status === 'sent')) {
        const due = new Date(startAt).getTime() - Number(r.offset?.slice(2, -1)) * 1000;
        expect(new Date(r.dueAt).getTime()).toBe(due);
        expect(new Date(r.sentAt as string).getTime()).toBeGreaterThanOrEqual(due); // never early
      }
    } finally {
      socket.disconnect();
      await worker.close();
    }
  });
});

describe('changes after booking', () => {
  it('a cancelled visit gets a cancellation notice and none of its reminders; a moved one only its new reminders', async () => {
    const early = todayAt(morning.offsetHours, '13:00');
    const later = todayAt(morning.offsetHours, '13:15');
    const [ana, ben] = await Promise.all([patient(hub), patient(hub)]);
    const cancelled = await book(ana.patientId, early);
    const moved = await book(ben.patientId, later);
    // One offset: a visit at `early` is reminded in ~15 s; one at `later` in ~15 min.
    const offset = offsetDueIn(early, 15_000);
    const worker = await startWorker(hub.env, { REMINDER_OFFSETS: offset });
    const queues = openQueues(hub.app.redis.duplicate({ maxRetriesPerRequest: null }), hub.config.redisPrefix);
    const anasJob = notificationJobId(cancelled.id, 'reminder', offset, new Date(early));
    const bensJob = notificationJobId(moved.id, 'reminder', offset, new Date(later));
    try {
      // Planned: both reminders wait in BullMQ. Then Ana cancels and Ben moves to her time.
      await vi.waitFor(async () => {
        expect(await queues.notifications.getJob(anasJob)).toBeDefined();
        expect(await queues.notifications.getJob(bensJob)).toBeDefined();
      });
      expect(
        (await call(clinic.receptionist, 'POST', `/api/appointments/${cancelled.id}/cancel`, { reason: 'Patient called' })).statusCode,
      ).toBe(200);
      const res = await call(clinic.receptionist, 'POST', `/api/appointments/${moved.id}/reschedule`, { startAt: early });
      expect(res.statusCode, res.body).toBe(200);
      const movedTo = res.json() as { id: string };

      // The cancelled and the replaced visits' reminder jobs are removed, not just ignored.
      await vi.waitFor(async () => {
        expect(await queues.notifications.getJob(anasJob)).toBeUndefined();
        expect(await queues.notifications.getJob(bensJob)).toBeUndefined();
      });
      // Ben's new reminder falls due exactly when Ana's would have: once it is here, hers would be too.
      await smtp.untilMails((all) => all.filter(to(ben.email)).some(titled('Appointment reminder')));
      await drained(queues);
      const anas = smtp.mails.filter(to(ana.email));
      const bens = smtp.mails.filter(to(ben.email));
      expect(anas.map((m) => m.subject.split(':')[0])).toEqual(['Appointment booked', 'Appointment cancelled']);
      expect(anas[1]?.decoded).toMatch(/METHOD:CANCEL[\s\S]*STATUS:CANCELLED/);
      expect(bens.map((m) => m.subject.split(':')[0])).toEqual(['Appointment booked', 'Appointment moved', 'Appointment reminder']);
      expect(bens[2]?.decoded).toContain('at 13:00');
      // The move updates the calendar entry the confirmation made: same UID, not a second entry.
      const uid = (mail: Mail | undefined) => /UID:([^\r\n]+)/.exec(mail?.decoded ?? '')?.[1];
      expect(uid(bens[1])).toBe(uid(bens[0]));

      const rows = async (id: string) =>
        (
          (await call(clinic.receptionist, 'GET', `/api/appointments/${id}/reminders`)).json() as {
            kind: string;
            channel: string;
            status: string;
            reason: string;
          }[]
        ).filter((r) => r.kind === 'reminder' && r.channel === 'email');
      expect(await rows(cancelled.id)).toMatchObject([{ status: 'skipped', reason: 'appointment_cancelled' }]);
      expect(await rows(moved.id)).toMatchObject([{ status: 'skipped', reason: 'appointment_rescheduled' }]);
      expect(await rows(movedTo.id)).toMatchObject([{ status: 'sent' }]);
    } finally {
      await queues.close();
      await worker.close();
    }
  });
});
