// Planning a feedback request, with no worker running: the planner is driven by hand over the
// outbox events the visit's lifecycle appended. A completed visit gets one request (a row per
// channel, one job) due FEEDBACK_DELAY after the completion MySQL recorded, moved out of the
// patient's quiet hours; planning again, replaying the event or reconciling adds nothing; a
// no-show or a cancelled visit gets none. The sender's checks are run on the job directly.
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments, outboxEvents, patients } from '../../../db/schema/index.js';
import { openQueues } from '../../../server/jobs/queues.js';
import { feedbackCollection } from '../../../server/modules/feedback/store.js';
import type { ChannelAdapter } from '../../../server/modules/notifications/channels/types.js';
import { planFeedbackEvent } from '../../../server/modules/notifications/feedback-planner.js';
import { rowsOfSubject } from '../../../server/modules/notifications/log.js';
import type { QuietHours } from '../../../server/modules/notifications/plan.js';
import { type PlannerDeps, planFromOutbox } from '../../../server/modules/notifications/planner.js';
import { reconcileReminders } from '../../../server/modules/notifications/reconciler.js';
import { sendNotificationJob } from '../../../server/modules/notifications/send.js';
import { appendEvent } from '../../../server/modules/outbox/repository.js';
import { patient } from '../../support/factories.js';
import { feedbackDoc } from '../../support/feedback.js';
import { walkIn } from '../../support/notifications.js';
import { bookableClinic, zoneWhereItIsMorning } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

const TWO_HOURS = 7_200_000;
const OFF: QuietHours = { startHour: 0, endHour: 0 };

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let queues: ReturnType<typeof openQueues>;

beforeAll(async () => {
  hub = await startTestHub({ QUIET_HOURS: 'off', FEEDBACK_DELAY: 'PT2H' });
  clinic = await bookableClinic(hub, zoneWhereItIsMorning().zone);
  queues = openQueues(hub.app.redis.duplicate({ maxRetriesPerRequest: null }), hub.config.redisPrefix);
});
afterAll(async () => {
  await queues.close();
  await hub.close();
});

const deps = (quietHours = OFF): PlannerDeps => ({
  db: hub.app.db,
  notifications: queues.notifications,
  offsets: hub.config.reminderOffsets,
  quietHours,
  feedbackDelayMs: hub.config.feedback.delay.ms,
});
const requestRows = (appointmentId: string) => rowsOfSubject(hub.app.db, appointmentId, 'feedback_request');
const jobOf = (appointmentId: string) => queues.notifications.getJob(`feedback_request-${appointmentId}`);

/** A walk-in of a new patient, completed through the API; with the visit's times as MySQL has them. */
async function completedVisit() {
  const pat = await patient(hub);
  const visit = await walkIn(hub, clinic, pat.patientId);
  await visit.complete();
  const [row] = await hub.app.db.select().from(appointments).where(eq(appointments.id, visit.id));
  return { ...visit, patientId: pat.patientId, startAt: row!.startAt, completedAt: row!.completedAt! };
}

/** The visit's feedback, as the feedback module stores it (through the portal or the link). */
async function giveFeedback(visit: Awaited<ReturnType<typeof completedVisit>>, channel: 'portal' | 'link') {
  await feedbackCollection(hub.app.mongo.db).insertOne(
    feedbackDoc({
      appointmentId: visit.id,
      patientId: visit.patientId,
      doctorId: visit.doctorId,
      locationId: clinic.location.id,
      visitAt: visit.startAt,
      channel,
    }),
  );
}

describe('a completed visit', () => {
  it('gets one request: a row per channel about the visit, due FEEDBACK_DELAY after its completion, and one job', async () => {
    const visit = await completedVisit();
    await planFromOutbox(deps());

    const rows = await requestRows(visit.id);
    expect(rows.map((r) => r.channel).sort()).toEqual(['email', 'in_app', 'sms']);
    for (const row of rows) {
      expect(row).toMatchObject({ appointmentId: visit.id, subjectId: visit.id, patientId: visit.patientId, status: 'scheduled' });
      expect(row.dueAt).toEqual(new Date(visit.completedAt.getTime() + TWO_HOURS));
      expect(row.startAt).toEqual(visit.startAt);
    }
    const job = await jobOf(visit.id);
    expect(job?.data).toEqual({
      appointmentId: visit.id,
      kind: 'feedback_request',
      offset: null,
      startAt: visit.startAt.toISOString(),
      subjectId: visit.id,
    });
    expect(await job?.isDelayed()).toBe(true);
    expect(job?.opts.delay).toBeGreaterThan(TWO_HOURS - 60_000);
    expect(job?.opts.delay).toBeLessThanOrEqual(TWO_HOURS);
  });

  it('falling in the patient’s quiet hours, waits for them to end (in the patient’s zone)', async () => {
    const visit = await completedVisit();
    const zone = 'Etc/GMT-5'; // UTC+5 all year: no DST to blur the expected hour
    await hub.app.db.update(patients).set({ timezone: zone }).where(eq(patients.id, visit.patientId));
    const nominal = DateTime.fromJSDate(new Date(visit.completedAt.getTime() + TWO_HOURS), { zone });
    // Quiet from the hour it would be due until three hours later.
    const quiet = { startHour: nominal.hour, endHour: (nominal.hour + 3) % 24 };
    await planFromOutbox(deps(quiet));

    const expected = nominal.startOf('hour').plus({ hours: 3 }).toJSDate();
    const rows = await requestRows(visit.id);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.dueAt).toEqual(expected);
    expect((await jobOf(visit.id))?.opts.delay).toBeGreaterThan(expected.getTime() - Date.now() - 60_000);
  });

  it('planning its event twice, a replay of the event and the reconciler add nothing; a lost job comes back', async () => {
    const visit = await completedVisit();
    await planFromOutbox(deps());
    const before = await requestRows(visit.id);
    const completion = (await hub.app.db.select().from(outboxEvents).where(eq(outboxEvents.aggregateId, visit.id))).find(
      (e) => e.type === 'appointment.completed',
    );
    expect(completion).toBeDefined();
    // The same event planned again (two planners), and a replayed twin of it in the outbox.
    await planFeedbackEvent(deps(), completion!, new Date());
    await hub.app.db.transaction((tx) =>
      appendEvent(tx, { type: 'appointment.completed', aggregateType: 'appointment', aggregateId: visit.id, payload: {} }),
    );
    await planFromOutbox(deps());
    expect((await reconcileReminders(deps())).jobsEnsured).toBe(0);

    const after = await requestRows(visit.id);
    expect(after.map((r) => [r.id, r.status, r.dueAt.getTime()]).sort()).toEqual(
      before.map((r) => [r.id, r.status, r.dueAt.getTime()]).sort(),
    );
    const delayed = await queues.notifications.getJobs(['delayed', 'wait']);
    expect(delayed.filter((j) => j.data.subjectId === visit.id).map((j) => j.id)).toEqual([`feedback_request-${visit.id}`]);

    // Redis lost the job: the reconciler puts it back from the log (the completed visit does not void it).
    await queues.notifications.remove(`feedback_request-${visit.id}`);
    expect((await reconcileReminders(deps())).jobsEnsured).toBe(1);
    expect((await jobOf(visit.id))?.data).toMatchObject({ kind: 'feedback_request', subjectId: visit.id });
    expect((await requestRows(visit.id)).map((r) => r.status)).toEqual(['scheduled', 'scheduled', 'scheduled']);
  });
});

describe('no request', () => {
  it('for a no-show or a cancelled visit', async () => {
    const [gone, cancelled] = await Promise.all([patient(hub), patient(hub)]);
    const noShow = await walkIn(hub, clinic, gone.patientId);
    await noShow.noShow();
    const cancel = await walkIn(hub, clinic, cancelled.patientId);
    await cancel.cancel();
    await planFromOutbox(deps());
    await reconcileReminders(deps());
    expect(await requestRows(noShow.id)).toEqual([]);
    expect(await requestRows(cancel.id)).toEqual([]);
    expect(await jobOf(noShow.id)).toBeUndefined();
    expect(await jobOf(cancel.id)).toBeUndefined();
  });
});

describe('the job, when it runs', () => {
  const recording = (sent: string[], name: string): ChannelAdapter => ({
    async send() {
      sent.push(name);
      return null;
    },
  });
  const run = (channels: Record<string, ChannelAdapter>, visit: { id: string; startAt: Date }) =>
    sendNotificationJob(
      {
        db: hub.app.db,
        channels,
        claimLeaseMs: 120_000,
        publicUrl: hub.config.publicUrl,
        mongo: hub.app.mongo.db,
        feedback: { secret: hub.config.jwtSecret, windowDays: hub.config.feedback.windowDays },
      },
      { appointmentId: visit.id, kind: 'feedback_request', offset: null, startAt: visit.startAt.toISOString(), subjectId: visit.id },
      { isLast: false },
    );
  const outcome = async (visit: { id: string }) => (await requestRows(visit.id)).map((r) => [r.channel, r.status, r.reason]).sort();

  it('skips every channel with its reason: feedback given, window closed, visit no longer completed', async () => {
    const sent: string[] = [];
    const channels = { email: recording(sent, 'email'), sms: recording(sent, 'sms'), in_app: recording(sent, 'in_app') };
    const [given, late, changed] = [await completedVisit(), await completedVisit(), await completedVisit()];
    await planFromOutbox(deps());

    await giveFeedback(given, 'portal');
    // A visit 31 days ago (FEEDBACK_WINDOW_DAYS 30): its feedback is no longer taken.
    const monthAgo = new Date(Date.now() - 31 * 86_400_000);
    await hub.app.db.update(appointments).set({ startAt: monthAgo }).where(eq(appointments.id, late.id));
    // Completion is final through the API; the guard is for a record corrected in the database.
    await hub.app.db.update(appointments).set({ status: 'cancelled' }).where(eq(appointments.id, changed.id));

    expect(await run(channels, given)).toEqual({ sent: 0, skipped: 3, failed: 0 });
    expect(await run(channels, late)).toEqual({ sent: 0, skipped: 3, failed: 0 });
    expect(await run(channels, changed)).toEqual({ sent: 0, skipped: 3, failed: 0 });
    expect(sent).toEqual([]);
    const all = (reason: string) => ['email', 'in_app', 'sms'].map((channel) => [channel, 'skipped', reason]);
    expect(await outcome(given)).toEqual(all('feedback_given'));
    expect(await outcome(late)).toEqual(all('feedback_window_closed'));
    expect(await outcome(changed)).toEqual(all('appointment_cancelled'));
  });

  it('feedback given while the first channel is on the wire stops the other two', async () => {
    const sent: string[] = [];
    const visit = await completedVisit();
    await planFromOutbox(deps());
    // Whichever channel goes first, the patient rates the visit while it is on the wire.
    const first = (name: string): ChannelAdapter => ({
      async send() {
        sent.push(name);
        if (sent.length === 1) await giveFeedback(visit, 'link');
        return null;
      },
    });
    const result = await run({ email: first('email'), sms: first('sms'), in_app: first('in_app') }, visit);
    expect(result).toEqual({ sent: 1, skipped: 2, failed: 0 });
    expect(sent).toHaveLength(1);
    const rows = await requestRows(visit.id);
    expect(rows.find((r) => r.channel === sent[0])).toMatchObject({ status: 'sent', reason: null });
    expect(rows.filter((r) => r.channel !== sent[0]).map((r) => [r.status, r.reason])).toEqual([
      ['skipped', 'feedback_given'],
      ['skipped', 'feedback_given'],
    ]);
  });
});
