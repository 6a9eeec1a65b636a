// Every in-app notice lands in its recipient's inbox exactly once, wherever it comes from: a
// visit reminder sent by the worker's in-app channel (also when the worker sends the row again
// after dying before it recorded the send), a chat message's notification (also when the client
// retries the send), and the daily stock alert (also when its once-a-day marks in Redis are lost).
import { and, eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationLog } from '../../../db/schema/index.js';
import { type MaintenanceDeps, runMaintenanceJob } from '../../../server/jobs/maintenance.js';
import { notifyUser } from '../../../server/modules/inbox/notify.js';
import { messagingStore } from '../../../server/modules/messaging/store.js';
import { inAppChannel } from '../../../server/modules/notifications/channels/in-app.js';
import { sendNotificationJob } from '../../../server/modules/notifications/send.js';
import { type Actor, bearer, patient, staff } from '../../support/factories.js';
import { inDays, pharmacistAt, receive } from '../../support/inventory.js';
import { offsetDueIn, startWorker } from '../../support/notifications.js';
import { medicationId } from '../../support/prescribing.js';
import { bookableClinic, todayAt, zoneWhereItIsMorning } from '../../support/scheduling.js';
import { client, connected, recorder } from '../../support/sockets.js';
import { startServedHub, type TestHub } from '../../support/test-hub.js';

type Item = {
  id: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  actionUrl: string | null;
  read: boolean;
};
type Notice = { type: string; data: Record<string, unknown> };

let hub: TestHub;
let base: string;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
const sockets: ReturnType<typeof client>[] = [];
const morning = zoneWhereItIsMorning();

beforeAll(async () => {
  ({ hub, base } = await startServedHub({ QUIET_HOURS: 'off' }));
  clinic = await bookableClinic(hub, morning.zone);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await hub.close();
});

const call = (actor: Actor, method: 'GET' | 'POST', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });
const inboxOf = async (actor: Actor): Promise<Item[]> => {
  const res = await call(actor, 'GET', '/api/inbox?limit=100');
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
};
const ofType = (items: Item[], type: string) => items.filter((i) => i.type === type);
async function socketOf(actor: Actor) {
  const socket = client(base, actor.token);
  sockets.push(socket);
  const seen = recorder<Notice>(socket, 'notification');
  await connected(socket);
  return seen;
}

describe('a visit reminder (the worker’s in-app channel)', () => {
  it('is kept in the patient’s inbox once, also when the worker sends its row again', async () => {
    const ana = await patient(hub);
    const startAt = todayAt(morning.offsetHours, '11:30');
    const booked = await call(clinic.receptionist, 'POST', '/api/appointments', {
      doctorId: clinic.doctor.doctorId,
      patientId: ana.patientId,
      startAt,
      reason: 'Persistent cough since March',
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const visit = booked.json() as { id: string; startAt: string };
    const seen = await socketOf(ana);
    const offset = offsetDueIn(startAt, 1_500);
    const worker = await startWorker(hub.env, { REMINDER_OFFSETS: offset });
    try {
      await seen.count(2); // the confirmation, and the reminder at its time
    } finally {
      await worker.close();
    }
    const items = await inboxOf(ana);
    expect(items.map((i) => i.type).sort()).toEqual(['appointment_confirmation', 'appointment_reminder']);
    const [reminder] = ofType(items, 'appointment_reminder');
    expect(reminder).toMatchObject({ read: false, actionUrl: '/patient#visits', data: { appointmentId: visit.id } });
    expect(JSON.stringify(items)).not.toContain('cough'); // nothing clinical in the inbox

    // The worker died after the send, before recording it: after the lease another run sends the row again.
    const [row] = await hub.app.db
      .select()
      .from(notificationLog)
      .where(and(eq(notificationLog.appointmentId, visit.id), eq(notificationLog.kind, 'reminder'), eq(notificationLog.channel, 'in_app')));
    expect(row).toMatchObject({ status: 'sent' });
    await hub.app.db
      .update(notificationLog)
      .set({ status: 'sending', claimedAt: new Date(Date.now() - 10 * 60_000), sentAt: null })
      .where(eq(notificationLog.id, row!.id));
    const again = await sendNotificationJob(
      {
        db: hub.app.db,
        channels: { in_app: inAppChannel(hub.app.io, hub.app.mongo.db) },
        claimLeaseMs: 60_000,
        publicUrl: hub.config.publicUrl,
        mongo: hub.app.mongo.db,
        feedback: { secret: hub.config.jwtSecret, windowDays: hub.config.feedback.windowDays },
      },
      { appointmentId: visit.id, kind: 'reminder', offset, startAt: visit.startAt },
      { isLast: false },
    );
    expect(again).toEqual({ sent: 1, skipped: 0, failed: 0 }); // the channel really was asked again
    expect(ofType(await inboxOf(ana), 'appointment_reminder')).toEqual([reminder]);
    // Nor was it shown again: a later notice on the same path arrives right after the first two.
    await notifyUser(hub.app.io, hub.app.mongo.db, ana.userId!, { type: 'marker', title: 'M', body: 'M', data: {} }, { role: 'patient' });
    expect((await seen.count(3)).map((n) => n.type)).toEqual(['appointment_confirmation', 'appointment_reminder', 'marker']);
  }, 60_000);
});

describe('a chat message', () => {
  it('is kept in the recipient’s inbox once, online or not, with the page that opens it', async () => {
    const booked = await call(clinic.receptionist, 'POST', '/api/appointments', {
      doctorId: clinic.doctor.doctorId,
      patientId: clinic.patient.patientId,
      startAt: todayAt(morning.offsetHours, '15:00'),
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const threadId = (await call(clinic.patient, 'POST', '/api/threads', { doctorId: clinic.doctor.doctorId })).json().id as string;
    const send = (actor: Actor, clientMessageId: string, body: string) =>
      call(actor, 'POST', `/api/threads/${threadId}/messages`, { clientMessageId, body });

    // The doctor is offline: kept in the inbox, and handed over on their next connect.
    expect((await send(clinic.patient, 'inbox-msg-0001', 'My knee still hurts')).statusCode).toBeLessThan(300);
    // The client did not hear back and sends the same message again: nothing new anywhere.
    expect((await send(clinic.patient, 'inbox-msg-0001', 'My knee still hurts')).statusCode).toBeLessThan(300);
    const first = ofType(await inboxOf(clinic.doctor), 'message');
    expect(first).toEqual([
      expect.objectContaining({ title: 'New message', read: false, actionUrl: '/doctor', data: expect.objectContaining({ threadId }) }),
    ]);
    expect(JSON.stringify(first)).not.toContain('knee');
    const pending = messagingStore(hub.app.mongo.db).pending;
    expect(await pending.countDocuments({ userId: clinic.doctor.userId!, type: 'message' })).toBe(1);

    const seen = await socketOf(clinic.doctor);
    await seen.count(1); // the kept one, on connect
    expect((await send(clinic.patient, 'inbox-msg-0002', 'And it is swollen')).statusCode).toBeLessThan(300);
    await seen.count(2); // live
    expect(ofType(await inboxOf(clinic.doctor), 'message')).toHaveLength(2);

    // The sender is not told about their own message; the doctor's answer reaches the patient's inbox.
    expect(ofType(await inboxOf(clinic.patient), 'message')).toEqual([]);
    expect((await send(clinic.doctor, 'inbox-msg-0003', 'Please come in')).statusCode).toBeLessThan(300);
    expect(ofType(await inboxOf(clinic.patient), 'message')).toEqual([
      expect.objectContaining({ actionUrl: '/patient#messages', data: expect.objectContaining({ threadId }) }),
    ]);
  });
});

describe('a stock alert', () => {
  it('is kept once in each recipient’s inbox, even when its once-a-day marks are lost', async () => {
    const redis = new Redis(hub.config.redisUrl, { maxRetriesPerRequest: null });
    try {
      const deps: MaintenanceDeps = {
        db: hub.app.db,
        config: hub.config,
        plannerDeps: undefined as never, // the stock job plans no visit notifications
        messaging: messagingStore(hub.app.mongo.db),
        mongo: hub.app.mongo.db,
        io: hub.app.io,
        redis,
        log: { info: () => {} },
      };
      const admin = await staff(hub, 'admin');
      const pharmacist = await pharmacistAt(hub, admin, [clinic.location.id]);
      const med = await medicationId(hub, admin, 'amoxicillin', '500 mg');
      await receive(hub, pharmacist, { locationId: clinic.location.id, medicationId: med, quantity: 3, expiresOn: inDays(300) });
      const put = await hub.app.inject({
        method: 'PUT',
        url: '/api/inventory/levels',
        headers: bearer(pharmacist.token),
        payload: { locationId: clinic.location.id, medicationId: med, minimum: 10 },
      });
      expect(put.statusCode, put.body).toBe(200);
      const seen = await socketOf(pharmacist);

      expect(((await runMaintenanceJob(deps, 'stock-alerts')) as { alerts: number }).alerts).toBeGreaterThanOrEqual(1);
      await seen.count(1);
      const lowOf = async (actor: Actor) => ofType(await inboxOf(actor), 'stock_low').filter((i) => i.data.medicationId === med);
      const [forPharmacist] = await lowOf(pharmacist);
      expect(forPharmacist).toMatchObject({ title: 'Low stock', actionUrl: '/pharmacy?view=stock', read: false });
      // Admins have no stock page: theirs has no link.
      expect(await lowOf(admin)).toEqual([expect.objectContaining({ title: 'Low stock', actionUrl: null })]);

      // Redis lost the day's marks: the job alerts again, but nobody gets a second item or notice.
      const marks = await redis.keys(`${hub.config.redisPrefix}stock-alert:*`);
      expect(marks.length).toBeGreaterThanOrEqual(1);
      await redis.del(...marks);
      expect(((await runMaintenanceJob(deps, 'stock-alerts')) as { alerts: number }).alerts).toBeGreaterThanOrEqual(1);
      expect(await lowOf(pharmacist)).toEqual([forPharmacist]);
      expect(await lowOf(admin)).toHaveLength(1);
      await notifyUser(
        hub.app.io,
        hub.app.mongo.db,
        pharmacist.userId!,
        { type: 'marker', title: 'M', body: 'M', data: {} },
        {
          role: 'pharmacist',
        },
      );
      const notices = await seen.count(2);
      expect(notices.filter((n) => n.type === 'stock_low' && n.data.medicationId === med)).toHaveLength(1);
      expect(notices.at(-1)?.type).toBe('marker');
    } finally {
      await redis.quit();
    }
  });
});
