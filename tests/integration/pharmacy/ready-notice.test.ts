// A completed fill plans the patient's "ready for pickup" notice on every channel, about the
// dispense that completed it; a partial fill plans none. Planned here by the planner the worker
// runs (planFromOutbox), straight from the outbox events the dispenses appended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueues } from '../../../server/jobs/queues.js';
import { rowsOfSubject } from '../../../server/modules/notifications/log.js';
import { type PlannerDeps, planFromOutbox } from '../../../server/modules/notifications/planner.js';
import { type DispensingClinic, dispense, dispensingClinic, signedRx } from '../../support/dispensing.js';
import { medicationId } from '../../support/prescribing.js';
import { receiveLot } from '../../support/stock.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: DispensingClinic;
let queues: ReturnType<typeof openQueues>;
let deps: PlannerDeps;
beforeAll(async () => {
  hub = await startTestHub({ QUIET_HOURS: 'off' });
  clinic = await dispensingClinic(hub);
  queues = openQueues(hub.app.redis.duplicate({ maxRetriesPerRequest: null }), hub.config.redisPrefix);
  deps = {
    db: hub.app.db,
    notifications: queues.notifications,
    offsets: hub.config.reminderOffsets,
    quietHours: { startHour: 0, endHour: 0 },
    feedbackDelayMs: hub.config.feedback.delay.ms,
  };
});
afterAll(async () => {
  await queues.close();
  await hub.close();
});

describe('ready for pickup', () => {
  it('is planned when a fill completes, once per fill, and not for a partial one', async () => {
    const medId = await medicationId(hub, clinic.doctor, 'amoxicillin', '500 mg');
    await receiveLot(hub, { locationId: clinic.location.id, medicationId: medId, quantity: 50 });
    const rx = await signedRx(hub, clinic, [[medId, 4]], 1);
    const itemId = rx.items[0]!.id;
    const partial = (await dispense(hub, clinic.pharmacist, rx.id, [{ itemId, quantity: 1 }])).json();
    const completing = (await dispense(hub, clinic.pharmacist, rx.id, [{ itemId, quantity: 3 }])).json();
    const secondFill = (await dispense(hub, clinic.pharmacist, rx.id, [{ itemId, quantity: 4 }])).json();
    expect([partial.prescriptionStatus, completing.prescriptionStatus, secondFill.prescriptionStatus]).toEqual([
      'partially_dispensed',
      'active',
      'dispensed',
    ]);
    while ((await planFromOutbox(deps)) > 0);

    expect(await rowsOfSubject(hub.app.db, partial.id, 'prescription_ready')).toEqual([]);
    for (const fill of [completing, secondFill]) {
      const rows = await rowsOfSubject(hub.app.db, fill.id, 'prescription_ready');
      expect(rows.map((r) => [r.channel, r.patientId]).sort()).toEqual([
        ['email', clinic.patient.patientId],
        ['in_app', clinic.patient.patientId],
        ['sms', clinic.patient.patientId],
      ]);
    }
  });
});
