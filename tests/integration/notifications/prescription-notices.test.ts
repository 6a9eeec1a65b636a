// Prescription notices end to end: outbox events as the prescriptions service appends them, the
// worker (planner + sender) in this process, email into a real SMTP server, SMS into a local HTTP
// gateway, in-app over the patient's socket, and the prescriber's live refill request through
// the publisher. The point of most assertions: the number and the portal link go out, the
// medicine, dose, diagnosis and the doctor's reason never do.
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../../db/ids.js';
import {
  appointments,
  medications,
  outboxEvents,
  patients,
  prescriptionItems,
  prescriptions,
  refillRequests,
} from '../../../db/schema/index.js';
import { openQueues } from '../../../server/jobs/queues.js';
import { rowsOfSubject } from '../../../server/modules/notifications/log.js';
import { subjectJobId } from '../../../server/modules/notifications/plan.js';
import { type PlannerDeps, planFromOutbox, syncVisit } from '../../../server/modules/notifications/planner.js';
import { reconcileReminders } from '../../../server/modules/notifications/reconciler.js';
import { appendEvent } from '../../../server/modules/outbox/repository.js';
import { type Actor, bearer, patient } from '../../support/factories.js';
import { type Mail, smsReceiver, smtpCatcher, startWorker } from '../../support/notifications.js';
import { bookableClinic, todayAt, zoneWhereItIsMorning } from '../../support/scheduling.js';
import { connected, recorder, socketPool } from '../../support/sockets.js';
import { listenOnLoopback, startTestHub, type TestHub } from '../../support/test-hub.js';

const PUBLIC_URL = 'https://clinic.example.test';
/** Everything clinical on the script: none of it may appear in any message. */
const CLINICAL = ['Salbutamol', 'salbutamol', '100 micrograms', '2 puffs', 'Asthma', 'asthma'];
const DENIAL_REASON = 'Liver function tests first';

let hub: TestHub;
let base: string;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let smtp: Awaited<ReturnType<typeof smtpCatcher>>;
let sms: Awaited<ReturnType<typeof smsReceiver>>;
let medicationId: string;
let queues: ReturnType<typeof openQueues>;
const sockets = socketPool();
const morning = zoneWhereItIsMorning();
let slot = 0;

beforeAll(async () => {
  [smtp, sms] = await Promise.all([smtpCatcher(), smsReceiver()]);
  hub = await startTestHub({ SMTP_URL: smtp.url, SMS_WEBHOOK_URL: sms.url, QUIET_HOURS: 'off', PUBLIC_URL, REMINDER_OFFSETS: 'P7D' });
  base = await listenOnLoopback(hub.app);
  clinic = await bookableClinic(hub, morning.zone);
  queues = openQueues(hub.app.redis.duplicate({ maxRetriesPerRequest: null }), hub.config.redisPrefix);
  medicationId = newId();
  await hub.app.db.insert(medications).values({
    id: medicationId,
    name: 'Salbutamol',
    genericName: 'salbutamol',
    form: 'inhaler',
    strength: '100 micrograms',
    classes: ['beta2 agonists'],
  });
});
afterAll(async () => {
  sockets.closeAll();
  await queues.close();
  await hub.close();
  await Promise.all([smtp.close(), sms.close()]);
});

/** A visit of `who` with the clinic's doctor, booked over HTTP (each in its own slot today). */
async function visitOf(who: Actor & { patientId: string }): Promise<string> {
  const startAt = todayAt(morning.offsetHours, `${13 + Math.floor(slot / 4)}:${String((slot++ % 4) * 15).padStart(2, '0')}`);
  const res = await hub.app.inject({
    method: 'POST',
    url: '/api/appointments',
    headers: bearer(clinic.receptionist.token),
    payload: { doctorId: clinic.doctor.doctorId, patientId: who.patientId, startAt },
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

/** A signed prescription for the visit, as the service leaves it: rows, then its outbox event. */
async function signedPrescription(who: Actor & { patientId: string }, appointmentId: string) {
  const id = newId();
  const number = `RX-2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  const ids = {
    prescriptionId: id,
    number,
    patientId: who.patientId,
    doctorId: clinic.doctor.doctorId!,
    appointmentId,
    locationId: clinic.location.id,
  };
  await hub.app.db.transaction(async (tx) => {
    await tx.insert(prescriptions).values({
      id,
      number,
      appointmentId,
      patientId: who.patientId,
      doctorId: clinic.doctor.doctorId!,
      locationId: clinic.location.id,
      status: 'active',
      diagnosis: 'Asthma, poorly controlled',
      validDays: 30,
      testsOrdered: [],
      signedAt: new Date(),
    });
    await tx.insert(prescriptionItems).values({
      prescriptionId: id,
      position: 1,
      medicationId,
      name: 'Salbutamol',
      genericName: 'salbutamol',
      form: 'inhaler',
      strength: '100 micrograms',
      controlled: false,
      dose: '2 puffs',
      frequency: 'when needed',
      durationDays: 30,
      quantity: 1,
    });
    await appendEvent(tx, { type: 'prescription.signed', aggregateType: 'prescription', aggregateId: id, payload: ids });
  });
  return ids;
}

type Ids = Awaited<ReturnType<typeof signedPrescription>>;

async function refill(rx: Ids, outcome: 'pending' | 'approved' | 'denied') {
  const refillRequestId = newId();
  await hub.app.db.transaction(async (tx) => {
    await tx.insert(refillRequests).values({
      id: refillRequestId,
      prescriptionId: rx.prescriptionId,
      patientId: rx.patientId,
      doctorId: rx.doctorId,
      status: outcome,
      note: 'Running out of my salbutamol on Friday',
      reason: outcome === 'denied' ? DENIAL_REASON : null,
      decidedAt: outcome === 'pending' ? null : new Date(),
    });
    const type = outcome === 'pending' ? 'refill.requested' : `refill.${outcome}`;
    await appendEvent(tx, { type, aggregateType: 'prescription', aggregateId: rx.prescriptionId, payload: { refillRequestId, ...rx } });
  });
  return refillRequestId;
}

const about = (number: string) => (m: Mail) => m.decoded.includes(number);
const expectNothingClinical = (text: string) => {
  for (const word of CLINICAL) expect(text).not.toContain(word);
};

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

describe('before a worker sends them', () => {
  it('a notice about a cancelled visit survives re-planning the visit and the reconciler, and is sent once a worker runs', async () => {
    const paula = await patient(hub);
    const visitId = await visitOf(paula);
    const rx = await signedPrescription(paula, visitId);
    const deps: PlannerDeps = {
      db: hub.app.db,
      notifications: queues.notifications,
      offsets: hub.config.reminderOffsets,
      quietHours: { startHour: 0, endHour: 0 },
      feedbackDelayMs: hub.config.feedback.delay.ms,
    };
    await planFromOutbox(deps);
    await hub.app.db.update(appointments).set({ status: 'cancelled', cancelReason: 'Patient called' }).where(eq(appointments.id, visitId));
    await syncVisit(deps, visitId, null);
    await reconcileReminders(deps);

    const rows = await rowsOfSubject(hub.app.db, rx.prescriptionId, 'prescription_issued');
    expect(rows.map((r) => [r.channel, r.status, r.appointmentId]).sort()).toEqual([
      ['email', 'scheduled', visitId],
      ['in_app', 'scheduled', visitId],
      ['sms', 'scheduled', visitId],
    ]);
    const jobId = subjectJobId(rx.prescriptionId, 'prescription_issued');
    expect(await queues.notifications.getJob(jobId)).toBeDefined();
    // Redis lost the job (a FLUSHDB, a failover): the reconciler puts it back from the log.
    await queues.notifications.remove(jobId);
    expect((await reconcileReminders(deps)).jobsEnsured).toBe(1);
    expect((await queues.notifications.getJob(jobId))?.data).toMatchObject({ kind: 'prescription_issued', subjectId: rx.prescriptionId });
    // The visit's own list of messages is the visit's: the prescription notice is not in it.
    const listed = await hub.app.inject({
      method: 'GET',
      url: `/api/appointments/${visitId}/reminders`,
      headers: bearer(clinic.receptionist.token),
    });
    expect(listed.statusCode, listed.body).toBe(200);
    expect((listed.json() as { kind: string }[]).map((r) => r.kind)).not.toContain('prescription_issued');

    const worker = await startWorker(hub.env);
    try {
      await smtp.untilMails((all) => all.some(about(rx.number)));
      await settled();
      expect(smtp.mails.filter(about(rx.number))).toHaveLength(1);
    } finally {
      await worker.close();
    }
  });
});

describe('with a worker running', () => {
  let worker: Awaited<ReturnType<typeof startWorker>>;
  beforeAll(async () => {
    worker = await startWorker(hub.env);
  });
  afterAll(async () => worker.close());

  it('a signed prescription: one email, one SMS and one in-app notice, with the number and the portal link, never the medicine', async () => {
    const socket = sockets.open(base, clinic.patient.token);
    const inApp = recorder<{ type: string; title: string; body: string; data: Record<string, unknown> }>(socket, 'notification');
    await connected(socket);
    const rx = await signedPrescription(clinic.patient, await visitOf(clinic.patient));
    // The same event again (a retried transaction's twin, a replayed outbox row): still one message each.
    await hub.app.db.transaction((tx) =>
      appendEvent(tx, { type: 'prescription.signed', aggregateType: 'prescription', aggregateId: rx.prescriptionId, payload: rx }),
    );
    await smtp.untilMails((all) => all.some(about(rx.number)));
    await sms.until((all) => all.some((t) => t.body.includes(rx.number)));
    await vi.waitFor(() => expect(inApp.seen.some((n) => n.type === 'prescription_issued')).toBe(true));
    await settled();

    const [mail, ...moreMails] = smtp.mails.filter(about(rx.number));
    const [text, ...moreTexts] = sms.messages.filter((t) => t.body.includes(rx.number));
    expect(moreMails).toHaveLength(0);
    expect(moreTexts).toHaveLength(0);
    expect(mail?.to).toContain(clinic.patient.email);
    expect(mail?.subject).toBe(`New prescription: ${rx.number}`);
    expect(mail?.decoded).toContain(
      `Your prescription ${rx.number} from ${clinic.location.name} is ready. View it in your portal: ${PUBLIC_URL}/patient`,
    );
    expect(mail?.decoded).toContain('1 Test Street'); // the clinic's address and phone
    expect(mail?.decoded).toContain('+49 30 1234567');
    expect(mail?.decoded).not.toContain('BEGIN:VCALENDAR'); // nothing to put in a calendar
    expect(text?.body).toBe(
      `Your prescription ${rx.number} from ${clinic.location.name} is ready. View it in your portal: ${PUBLIC_URL}/patient`,
    );
    expectNothingClinical(mail?.raw ?? '');
    expectNothingClinical(mail?.decoded ?? '');
    expectNothingClinical(text?.body ?? '');

    const notes = inApp.seen.filter((n) => n.type === 'prescription_issued');
    expect(notes).toEqual([
      {
        type: 'prescription_issued',
        title: 'New prescription',
        body: `Prescription ${rx.number} is ready to view`,
        data: { prescriptionId: rx.prescriptionId, number: rx.number },
      },
    ]);
  });

  it('a patient who opted out of SMS gets the email and no text', async () => {
    const omar = await patient(hub);
    await hub.app.db.update(patients).set({ notifySms: false }).where(eq(patients.id, omar.patientId));
    const rx = await signedPrescription(omar, await visitOf(omar));
    await smtp.untilMails((all) => all.some(about(rx.number)));
    await settled();
    expect(sms.messages.filter((t) => t.body.includes(rx.number))).toHaveLength(0);
    const rows = await rowsOfSubject(hub.app.db, rx.prescriptionId, 'prescription_issued');
    expect(rows.find((r) => r.channel === 'sms')).toMatchObject({ status: 'skipped', reason: 'patient_opted_out' });
    expect(rows.find((r) => r.channel === 'email')).toMatchObject({ status: 'sent' });
  });

  it('refill approved and refill denied: each its own message, and the doctor’s reason goes out on neither channel', async () => {
    const rx = await signedPrescription(clinic.patient, await visitOf(clinic.patient));
    const approvedId = await refill(rx, 'approved');
    const deniedId = await refill(rx, 'denied');
    const approved = `Your refill request for prescription ${rx.number} was approved; the pharmacy can dispense it.`;
    const denied = `Your refill request for prescription ${rx.number} was not approved. Please contact the clinic on +49 30 1234567.`;
    await smtp.untilMails((all) => all.filter(about(rx.number)).length >= 3);
    await sms.until((all) => all.filter((t) => t.body.includes(rx.number)).length >= 3);
    await settled();

    const mails = smtp.mails.filter(about(rx.number));
    const texts = sms.messages.filter((t) => t.body.includes(rx.number));
    expect(mails.map((m) => m.subject).sort()).toEqual([
      `New prescription: ${rx.number}`,
      `Refill approved: ${rx.number}`,
      `Refill not approved: ${rx.number}`,
    ]);
    expect(mails.find((m) => m.subject.startsWith('Refill approved'))?.decoded).toContain(approved);
    expect(mails.find((m) => m.subject.startsWith('Refill not approved'))?.decoded).toContain(denied);
    expect(texts).toHaveLength(3);
    expect(texts.map((t) => t.body)).toContain(`${clinic.location.name}: ${approved}`);
    expect(texts.map((t) => t.body)).toContain(`${clinic.location.name}: ${denied}`);
    for (const message of [...mails.map((m) => m.decoded), ...texts.map((t) => t.body)]) {
      expect(message).not.toContain(DENIAL_REASON);
      expect(message).not.toContain('Running out');
      expectNothingClinical(message);
    }
    expect((await rowsOfSubject(hub.app.db, approvedId, 'refill_approved')).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(await hub.app.db.$count(refillRequests, and(eq(refillRequests.id, deniedId), eq(refillRequests.reason, DENIAL_REASON)))).toBe(1); // the reason is kept for the portal, only not sent
  });
});

describe('live', () => {
  it('the prescriber’s sockets hear of a refill request at once, with the number and ids only', async () => {
    const doctorSocket = sockets.open(base, clinic.doctor.token);
    const notices = recorder<Record<string, unknown>>(doctorSocket, 'notification');
    await connected(doctorSocket);
    const rx = await signedPrescription(clinic.patient, await visitOf(clinic.patient));
    const refillRequestId = await refill(rx, 'pending');
    await hub.app.live.publishSoon();
    const [notice] = await notices.count(1);
    expect(notice).toEqual({
      type: 'refill_requested',
      title: 'Refill requested',
      body: `${rx.number} — a patient asks for a refill`,
      data: { refillRequestId, prescriptionId: rx.prescriptionId, number: rx.number },
    });
    expectNothingClinical(JSON.stringify(notice));
  });
});
