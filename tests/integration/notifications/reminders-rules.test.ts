// The rules around sending: quiet hours in the patient's own time zone, channel preferences
// (read again at send time), and a failing SMTP server: retries, then failed, visible over HTTP.
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { patients } from '../../../db/schema/index.js';
import { openQueues } from '../../../server/jobs/queues.js';
import { notificationJobId } from '../../../server/modules/notifications/plan.js';
import { type Actor, bearer, patient } from '../../support/factories.js';
import { type Mail, offsetDueIn, smsReceiver, smtpCatcher, startWorker } from '../../support/notifications.js';
import { bookableClinic, todayAt, zoneWhereItIsMorning } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let smtp: Awaited<ReturnType<typeof smtpCatcher>>;
let sms: Awaited<ReturnType<typeof smsReceiver>>;
const morning = zoneWhereItIsMorning();

beforeAll(async () => {
  [smtp, sms] = await Promise.all([smtpCatcher(), smsReceiver()]);
  hub = await startTestHub({ SMTP_URL: smtp.url, SMS_WEBHOOK_URL: sms.url });
  clinic = await bookableClinic(hub, morning.zone);
});
afterAll(async () => {
  await hub.close();
  await Promise.all([smtp.close(), sms.close()]);
});

type Row = { kind: string; channel: string; status: string; reason: string | null; dueAt: string; attempts: number };

async function book(p: Actor & { patientId: string }, startAt: string) {
  const res = await hub.app.inject({
    method: 'POST',
    url: '/api/appointments',
    headers: bearer(clinic.receptionist.token),
    payload: { doctorId: clinic.doctor.doctorId, patientId: p.patientId, startAt },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; startAt: string };
}
const rowsOf = async (id: string) =>
  (
    await hub.app.inject({ method: 'GET', url: `/api/appointments/${id}/reminders`, headers: bearer(clinic.receptionist.token) })
  ).json() as Row[];
const toPatient = (p: Actor) => (m: Mail) => m.to.includes(p.email as string);

/** A fixed-offset zone in which it is about 23:00 now: the middle of quiet hours. */
function zoneWhereItIsNight(now = new Date()): string {
  let k = 23 - now.getUTCHours();
  if (k < -12) k += 24;
  if (k > 14) k -= 24;
  return k === 0 ? 'UTC' : k > 0 ? `Etc/GMT-${k}` : `Etc/GMT+${-k}`;
}

/**
 * A patient living in `zone`. The awake ones live where it is morning now, not in UTC: at 02:00 UTC
 * a UTC patient is inside quiet hours, and their messages would wait for 08:00.
 */
async function livingIn(zone: string, prefs: Partial<typeof patients.$inferInsert> = {}) {
  const p = await patient(hub);
  await hub.app.db
    .update(patients)
    .set({ timezone: zone, ...prefs })
    .where(eq(patients.id, p.patientId));
  return p;
}

describe('quiet hours (21:00-08:00 in the patient’s zone)', () => {
  it('hold a confirmation until 08:00 unless the visit comes sooner', async () => {
    const night = zoneWhereItIsNight();
    const [sleeper, urgent, sentinel] = await Promise.all([livingIn(night), livingIn(night), livingIn(morning.zone)]);
    const tomorrow = await book(sleeper, new Date(Date.parse(todayAt(morning.offsetHours, '16:00')) + 86_400_000).toISOString());
    const soon = await book(urgent, todayAt(morning.offsetHours, '16:00'));
    const worker = await startWorker(hub.env, { REMINDER_OFFSETS: 'P7D', QUIET_HOURS: '21-8' });
    try {
      // Planned in booking order: by the time this one arrives, the others were decided.
      await book(sentinel, todayAt(morning.offsetHours, '16:15'));
      const mails = await smtp.untilMails((all) => all.some(toPatient(sentinel)) && all.some(toPatient(urgent)));
      expect(mails.filter(toPatient(urgent))).toHaveLength(1); // its visit is before 08:00 there
      expect(mails.filter(toPatient(sleeper))).toHaveLength(0);

      const held = (await rowsOf(tomorrow.id)).filter((r) => r.kind === 'confirmation');
      expect(held.map((r) => r.status)).toEqual(['scheduled', 'scheduled', 'scheduled']);
      for (const r of held) {
        // 08:00 at the patient's, the next morning: later than now, within the night.
        expect(DateTime.fromISO(r.dueAt, { zone: night }).toFormat('HH:mm:ss.SSS')).toBe('08:00:00.000');
        expect(Date.parse(r.dueAt) - Date.now()).toBeGreaterThan(0);
        expect(Date.parse(r.dueAt) - Date.now()).toBeLessThan(11 * 3_600_000);
      }
      expect((await rowsOf(soon.id)).filter((r) => r.kind === 'confirmation' && r.channel === 'email')).toMatchObject([{ status: 'sent' }]);
    } finally {
      await worker.close();
    }
  });
});

describe('channel preferences', () => {
  it('skip a channel the patient turned off, whether before booking or just before the reminder', async () => {
    const smsBefore = sms.messages.length;
    const [noSms, stopsLater] = await Promise.all([livingIn(morning.zone, { notifySms: false }), livingIn(morning.zone)]);
    const first = await book(noSms, todayAt(morning.offsetHours, '17:00'));
    const second = await book(stopsLater, todayAt(morning.offsetHours, '17:15'));
    const worker = await startWorker(hub.env, {
      REMINDER_OFFSETS: offsetDueIn(todayAt(morning.offsetHours, '17:15'), 4_000),
      QUIET_HOURS: 'off',
    });
    try {
      await smtp.untilMails((all) => all.some(toPatient(noSms)) && all.some(toPatient(stopsLater)));
      await sms.until((all) => all.length > smsBefore);
      // After the confirmation, before the reminder: the patient texts STOP (or unticks SMS).
      await hub.app.db.update(patients).set({ notifySms: false }).where(eq(patients.id, stopsLater.patientId));
      await smtp.untilMails((all) => all.filter(toPatient(stopsLater)).some((m) => m.subject.startsWith('Appointment reminder')));

      expect(sms.messages.slice(smsBefore)).toHaveLength(1); // the one confirmation sent while SMS was still on
      expect((await rowsOf(first.id)).filter((r) => r.channel === 'sms').map((r) => [r.kind, r.status, r.reason])).toEqual(
        expect.arrayContaining([['confirmation', 'skipped', 'patient_opted_out']]),
      );
      await vi.waitFor(async () =>
        expect((await rowsOf(second.id)).filter((r) => r.channel === 'sms').map((r) => [r.kind, r.status, r.reason])).toEqual([
          ['confirmation', 'sent', null],
          ['reminder', 'skipped', 'patient_opted_out'],
        ]),
      );
    } finally {
      await worker.close();
    }
  });
});

describe('a failing SMTP server', () => {
  it('is retried with backoff, then the message is failed: in the log, over HTTP and in BullMQ’s failed set', async () => {
    const failing = await smtpCatcher({ failWith: 451 });
    const smsBefore = sms.messages.length;
    const p = await livingIn(morning.zone);
    const visit = await book(p, todayAt(morning.offsetHours, '17:30'));
    const worker = await startWorker(
      hub.env,
      { SMTP_URL: failing.url, REMINDER_OFFSETS: 'P7D', QUIET_HOURS: 'off' },
      { retry: { attempts: 3, backoffMs: 50 } },
    );
    const queues = openQueues(hub.app.redis.duplicate({ maxRetriesPerRequest: null }), hub.config.redisPrefix);
    try {
      const jobId = notificationJobId(visit.id, 'confirmation', null, new Date(visit.startAt));
      await vi.waitFor(async () => expect(await (await queues.notifications.getJob(jobId))?.getState()).toBe('failed'), {
        timeout: 10_000,
        interval: 50,
      });
      expect(failing.refusals()).toBe(3);
      const confirmation = (await rowsOf(visit.id)).filter((r) => r.kind === 'confirmation');
      expect(confirmation.find((r) => r.channel === 'email')).toMatchObject({
        status: 'failed',
        attempts: 3,
        reason: expect.stringContaining('451'),
      });
      // The other channels went out on the first attempt and were not sent again by the retries.
      expect(confirmation.find((r) => r.channel === 'sms')).toMatchObject({ status: 'sent', attempts: 1 });
      expect(sms.messages.slice(smsBefore).map((m) => m.body)).toEqual([expect.stringContaining('is booked for')]);
    } finally {
      await worker.close();
      await queues.close();
      await failing.close();
    }
  });

  it('gives up at once on a permanent refusal (5xx)', async () => {
    const refusing = await smtpCatcher({ failWith: 550 });
    const p = await livingIn(morning.zone, { notifySms: false });
    const visit = await book(p, todayAt(morning.offsetHours, '17:45'));
    const worker = await startWorker(hub.env, { SMTP_URL: refusing.url, REMINDER_OFFSETS: 'P7D', QUIET_HOURS: 'off' });
    try {
      await vi.waitFor(
        async () =>
          expect((await rowsOf(visit.id)).find((r) => r.kind === 'confirmation' && r.channel === 'email')).toMatchObject({
            status: 'failed',
            attempts: 1,
            reason: 'email: SMTP 550',
          }),
        { timeout: 10_000, interval: 50 },
      );
      expect(refusing.refusals()).toBe(1);
    } finally {
      await worker.close();
      await refusing.close();
    }
  });
});
