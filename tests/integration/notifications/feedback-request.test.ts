// Feedback requests end to end: visits completed through the API, the worker (planner + sender)
// in this process with FEEDBACK_DELAY of a second, email into a real SMTP server, SMS into a local
// HTTP gateway, in-app over the patient's socket. The request asks about the doctor, the clinic and
// the day, and its link opens the visit's form; the reason for the visit never goes out; no-shows,
// cancelled visits, visits already rated and channels turned off get nothing.
import { eq, isNull } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appointments, doctors, locations, outboxEvents, patients } from '../../../db/schema/index.js';
import { openQueues } from '../../../server/jobs/queues.js';
import { verifyFeedbackToken } from '../../../server/modules/feedback/link.js';
import { feedbackCollection } from '../../../server/modules/feedback/store.js';
import { rowsOfSubject } from '../../../server/modules/notifications/log.js';
import { type Actor, patient } from '../../support/factories.js';
import { feedbackDoc } from '../../support/feedback.js';
import { smsReceiver, smtpCatcher, startWorker, walkIn } from '../../support/notifications.js';
import { bookableClinic, zoneWhereItIsMorning } from '../../support/scheduling.js';
import { connected, recorder, socketPool } from '../../support/sockets.js';
import { listenOnLoopback, startTestHub, type TestHub } from '../../support/test-hub.js';

const PUBLIC_URL = 'https://clinic.example.test';
/** Shared by the API and the worker, as in production: the worker signs, the API opens. */
const JWT_SECRET = 'feedback-requests-test-secret-0123456789';
const REASON = 'Recurring chest pain since Tuesday';
const LINK = /https:\/\/clinic\.example\.test\/feedback#t=([A-Za-z0-9._-]+)/;

let hub: TestHub;
let base: string;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let smtp: Awaited<ReturnType<typeof smtpCatcher>>;
let sms: Awaited<ReturnType<typeof smsReceiver>>;
let queues: ReturnType<typeof openQueues>;
let worker: Awaited<ReturnType<typeof startWorker>>;
const sockets = socketPool();

beforeAll(async () => {
  [smtp, sms] = await Promise.all([smtpCatcher(), smsReceiver()]);
  hub = await startTestHub({
    SMTP_URL: smtp.url,
    SMS_WEBHOOK_URL: sms.url,
    QUIET_HOURS: 'off',
    PUBLIC_URL,
    JWT_SECRET,
    FEEDBACK_DELAY: 'PT1S',
  });
  base = await listenOnLoopback(hub.app);
  clinic = await bookableClinic(hub, zoneWhereItIsMorning().zone);
  queues = openQueues(hub.app.redis.duplicate({ maxRetriesPerRequest: null }), hub.config.redisPrefix);
  worker = await startWorker(hub.env);
});
afterAll(async () => {
  sockets.closeAll();
  await worker.close();
  await queues.close();
  await hub.close();
  await Promise.all([smtp.close(), sms.close()]);
});

/** Every outbox event planned and nothing waiting, running or delayed: a late duplicate would be here by now. */
async function settled() {
  await vi.waitFor(
    async () => {
      expect(await hub.app.db.$count(outboxEvents, isNull(outboxEvents.notificationsPlannedAt))).toBe(0);
      expect(await queues.notifications.getJobCountByTypes('wait', 'active', 'delayed', 'prioritized')).toBe(0);
    },
    { timeout: 15_000, interval: 50 },
  );
}

const requestRows = (appointmentId: string) => rowsOfSubject(hub.app.db, appointmentId, 'feedback_request');
const mailsTo = (who: Actor) => smtp.mails.filter((m) => m.to.includes(who.email as string));
/** Test patients share a phone number; a request's text is told by its link, whose token begins with the visit's id. */
const textsAbout = (appointmentId: string) => sms.messages.filter((t) => t.body.includes(`/feedback#t=${appointmentId}.`));

describe('a completed visit', () => {
  it('one email, one SMS and one in-app request after FEEDBACK_DELAY: doctor, clinic, day and a link that opens its form', async () => {
    const ana = await patient(hub);
    const socket = sockets.open(base, ana.token);
    const inApp = recorder<{ type: string; title: string; body: string; data: Record<string, unknown> }>(socket, 'notification');
    await connected(socket);
    const visit = await walkIn(hub, clinic, ana.patientId, REASON);
    await visit.complete();
    await smtp.untilMails((all) => all.some((m) => m.to.includes(ana.email as string)));
    await sms.until((all) => all.some((t) => t.body.includes(`/feedback#t=${visit.id}.`)));
    await vi.waitFor(() => expect(inApp.seen.some((n) => n.type === 'feedback_request')).toBe(true));
    await settled();

    const [row] = await hub.app.db.select().from(appointments).where(eq(appointments.id, visit.id));
    const [doc] = await hub.app.db.select().from(doctors).where(eq(doctors.id, visit.doctorId));
    const [location] = await hub.app.db.select().from(locations).where(eq(locations.id, clinic.location.id));
    const day = DateTime.fromJSDate(row!.startAt, { zone: location!.timezone });
    const question = `How was your visit with Dr. ${doc!.firstName} ${doc!.lastName} at ${location!.name} on ${day.toFormat('cccc d LLLL yyyy')}?`;

    const [mail, ...moreMails] = mailsTo(ana);
    const [text, ...moreTexts] = textsAbout(visit.id);
    expect(moreMails).toHaveLength(0);
    expect(moreTexts).toHaveLength(0);
    expect(mail?.subject).toBe(`How was your visit to ${location!.name}?`);
    expect(mail?.decoded).toContain(question);
    expect(mail?.decoded).not.toContain('BEGIN:VCALENDAR');
    const notes = inApp.seen.filter((n) => n.type === 'feedback_request');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ title: 'How was your visit?', body: `${question} Rate it here.`, data: { appointmentId: visit.id } });
    for (const message of [mail?.raw ?? '', mail?.decoded ?? '', text?.body ?? '', JSON.stringify(notes)]) {
      expect(message).not.toContain('chest pain');
    }

    // The emailed link opens this visit's form until the visit's start + FEEDBACK_WINDOW_DAYS; the SMS and in-app carry the same.
    const link = LINK.exec(mail?.decoded ?? '');
    expect(link, mail?.decoded).not.toBeNull();
    const windowEnd = new Date(row!.startAt.getTime() + hub.config.feedback.windowDays * 86_400_000);
    expect(verifyFeedbackToken(hub.config.jwtSecret, link![1]!)).toEqual({
      appointmentId: visit.id,
      expiresAt: new Date(Math.floor(windowEnd.getTime() / 1000) * 1000),
    });
    expect(text?.body).toBe(
      `How was your visit with Dr. ${doc!.firstName} ${doc!.lastName} at ${location!.name} on ${day.toFormat('d LLL yyyy')}? Rate it here: ${link![0]}`,
    );
    expect(notes[0]?.data.url).toBe(link![0]);

    // Sent once on each channel, no earlier than the delay after completion; the link is kept nowhere.
    const rows = await requestRows(visit.id);
    expect(rows.map((r) => [r.channel, r.status]).sort()).toEqual([
      ['email', 'sent'],
      ['in_app', 'sent'],
      ['sms', 'sent'],
    ]);
    for (const r of rows) {
      expect(r.sentAt!.getTime()).toBeGreaterThanOrEqual(row!.completedAt!.getTime() + 1_000);
      expect(JSON.stringify(r)).not.toContain(link![1]!);
    }
  });
});

describe('no request', () => {
  it('for a no-show or a cancelled visit', async () => {
    const [gone, left] = await Promise.all([patient(hub), patient(hub)]);
    const noShow = await walkIn(hub, clinic, gone.patientId);
    await noShow.noShow();
    const cancelled = await walkIn(hub, clinic, left.patientId);
    await cancelled.cancel();
    // A completed visit after them: once its request is out, theirs would have been too.
    const control = await patient(hub);
    const done = await walkIn(hub, clinic, control.patientId);
    await done.complete();
    await smtp.untilMails((all) => all.some((m) => m.to.includes(control.email as string)));
    await settled();
    for (const who of [gone, left]) expect(mailsTo(who)).toHaveLength(0);
    expect(textsAbout(noShow.id)).toHaveLength(0);
    expect(textsAbout(cancelled.id)).toHaveLength(0);
    expect(await requestRows(noShow.id)).toEqual([]);
    expect(await requestRows(cancelled.id)).toEqual([]);
  });

  it('when the patient already gave feedback for the visit', async () => {
    const rated = await patient(hub);
    const visit = await walkIn(hub, clinic, rated.patientId);
    // Feedback for the visit is there (given through the portal as soon as it was completed).
    await feedbackCollection(hub.app.mongo.db).insertOne(
      feedbackDoc({
        appointmentId: visit.id,
        patientId: rated.patientId,
        doctorId: visit.doctorId,
        locationId: clinic.location.id,
        visitAt: new Date(),
        ratings: { overall: 5, waitTime: 4 },
        comment: 'Quick and kind',
      }),
    );
    await visit.complete();
    await vi.waitFor(async () => expect((await requestRows(visit.id)).map((r) => r.status)).toEqual(['skipped', 'skipped', 'skipped']), {
      timeout: 15_000,
      interval: 50,
    });
    await settled();
    expect((await requestRows(visit.id)).map((r) => r.reason)).toEqual(['feedback_given', 'feedback_given', 'feedback_given']);
    expect(mailsTo(rated)).toHaveLength(0);
    expect(textsAbout(visit.id)).toHaveLength(0);
  });

  it('on a channel the patient turned off: the others still carry it', async () => {
    const quiet = await patient(hub);
    await hub.app.db.update(patients).set({ notifySms: false, notifyInApp: false }).where(eq(patients.id, quiet.patientId));
    const visit = await walkIn(hub, clinic, quiet.patientId);
    await visit.complete();
    await smtp.untilMails((all) => all.some((m) => m.to.includes(quiet.email as string)));
    await settled();
    expect(mailsTo(quiet)).toHaveLength(1);
    expect(textsAbout(visit.id)).toHaveLength(0);
    const rows = await requestRows(visit.id);
    expect(rows.map((r) => [r.channel, r.status, r.reason]).sort()).toEqual([
      ['email', 'sent', null],
      ['in_app', 'skipped', 'patient_opted_out'],
      ['sms', 'skipped', 'patient_opted_out'],
    ]);
  });
});
