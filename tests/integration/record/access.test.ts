// Who reads and writes the record, per relation (record/access.ts): the patient (own: read; another's:
// 404), a doctor with a visit (read, write) or without (403), a nurse of a location the patient
// visits (read, write but conditions) or not (403), admins and receptionists only with
// STAFF_CAN_READ_RECORDS on and an X-Access-Reason (403 ACCESS_REASON_REQUIRED without one; 403
// with the flag off), never writing; pharmacists never. Every read is audited (the staff reason
// kept), and no audit entry holds the record's clinical text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, bearer, doctor, patient, staff } from '../../support/factories.js';
import { asActor, auditSettled, checkedInVisit, nurse } from '../../support/record.js';
import { bookableClinic } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

/** A clinic whose patient has a visit with the doctor at the nurse's location, and a few allergies. */
async function world(hub: TestHub) {
  const clinic = await bookableClinic(hub);
  await checkedInVisit(hub, clinic.receptionist, clinic.doctor.doctorId!, clinic.patient.patientId);
  const ward = await nurse(hub, clinic.admin, [clinic.location.id]);
  const strangerDoctor = await doctor(hub, clinic.location.id);
  const pharmacist = await staff(hub, 'pharmacist');
  const otherPatient = await patient(hub);
  return { ...clinic, ward, strangerDoctor, pharmacist, otherPatient };
}

const SECRET_SUBSTANCE = 'Zyxoprofen-secret';
const SECRET_REACTION = 'Purple-spots-secret';

describe('with STAFF_CAN_READ_RECORDS off (the default)', () => {
  let hub: TestHub;
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    hub = await startTestHub();
    w = await world(hub);
  });
  afterAll(() => hub.close());

  const read = (actor: Actor, headers: Record<string, string> = {}) =>
    asActor(hub, actor)('GET', `/api/patients/${w.patient.patientId}/record`, undefined, headers);

  it('answers each relation as the rules say', async () => {
    const expected: [string, Actor, number, string | null][] = [
      ['patient (own)', w.patient, 200, null],
      ['another patient', w.otherPatient, 404, 'NOT_FOUND'],
      ['doctor with a visit', w.doctor, 200, null],
      ['doctor without', w.strangerDoctor, 403, 'FORBIDDEN'],
      ['nurse of the location', w.ward, 200, null],
      ['admin', w.admin, 403, 'FORBIDDEN'],
      ['receptionist', w.receptionist, 403, 'FORBIDDEN'],
      ['pharmacist', w.pharmacist, 403, 'FORBIDDEN'],
    ];
    for (const [who, actor, status, code] of expected) {
      const res = await read(actor, { 'x-access-reason': 'Billing query' });
      expect(res.statusCode, `${who}: ${res.body}`).toBe(status);
      if (code) expect(res.json().code, who).toBe(code);
      const vitals = await asActor(hub, actor)('GET', `/api/patients/${w.patient.patientId}/vitals`);
      expect(vitals.statusCode, `${who} vitals`).toBe(status);
    }
  });

  it('lets only the care team write, and audits every read and change without clinical text', async () => {
    const write = (actor: Actor) =>
      asActor(hub, actor)('POST', `/api/patients/${w.patient.patientId}/allergies`, {
        substance: SECRET_SUBSTANCE,
        reaction: SECRET_REACTION,
        severity: 'severe',
      });
    for (const actor of [w.patient, w.otherPatient, w.strangerDoctor, w.admin, w.receptionist, w.pharmacist])
      expect((await write(actor)).statusCode, actor.role).toBeGreaterThanOrEqual(403);
    const created = await write(w.doctor);
    expect(created.statusCode, created.body).toBe(201);
    const fix = await asActor(hub, w.ward)('PATCH', `/api/allergies/${created.json().id}`, { reaction: `${SECRET_REACTION} 2` });
    expect(fix.statusCode, fix.body).toBe(200);
    const strangerFix = await asActor(hub, w.strangerDoctor)('PATCH', `/api/allergies/${created.json().id}`, { severity: 'mild' });
    expect(strangerFix.statusCode).toBe(403);
    const reads = await read(w.doctor);
    expect(reads.json().allergies[0].substance).toBe(SECRET_SUBSTANCE);

    await auditSettled(hub, reads);
    const entries = await hub.app.audit.entries.find({}).toArray();
    const readEntries = entries.filter((e) => e.action === 'read /api/patients/:id/record' && e.outcome === 'ok');
    // Patient, doctor and nurse in the first test, the doctor here: each read its own entry.
    expect(readEntries.length).toBeGreaterThanOrEqual(4);
    expect(readEntries.every((e) => e.targetId === w.patient.patientId)).toBe(true);
    expect(entries.some((e) => e.action === 'read /api/patients/:id/vitals')).toBe(true);
    const creation = entries.find((e) => e.action === 'POST /api/patients/:id/allergies' && e.outcome === 'ok');
    expect(creation?.changes).toEqual(
      expect.arrayContaining([{ field: 'substance' }, { field: 'reaction' }, { field: 'severity', from: null, to: 'severe' }]),
    );
    const text = JSON.stringify(entries);
    expect(text).not.toContain('Zyxoprofen');
    expect(text).not.toContain('Purple-spots');
  });

  it('refuses vitals from a doctor without a visit', async () => {
    const other = await asActor(hub, w.strangerDoctor)('POST', `/api/patients/${w.patient.patientId}/vitals`, { heartRate: 60 });
    expect(other.statusCode).toBe(403);
  });
});

describe('with STAFF_CAN_READ_RECORDS on', () => {
  let hub: TestHub;
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    hub = await startTestHub({ STAFF_CAN_READ_RECORDS: 'true' });
    w = await world(hub);
  });
  afterAll(() => hub.close());

  const read = (actor: Actor, headers: Record<string, string> = {}) =>
    hub.app.inject({ method: 'GET', url: `/api/patients/${w.patient.patientId}/record`, headers: { ...bearer(actor.token), ...headers } });

  it('staff read with a reason (kept in the audit entry), are refused without one, and never write', async () => {
    for (const actor of [w.admin, w.receptionist]) {
      const without = await read(actor);
      expect(without.statusCode).toBe(403);
      expect(without.json().code).toBe('ACCESS_REASON_REQUIRED');
      const withReason = await read(actor, { 'x-access-reason': 'Insurance query #42' });
      expect(withReason.statusCode, withReason.body).toBe(200);
      const write = await asActor(hub, actor)('POST', `/api/patients/${w.patient.patientId}/allergies`, {
        substance: 'X',
        severity: 'mild',
      });
      expect(write.statusCode).toBe(403);
    }
    const tooLong = await read(w.admin, { 'x-access-reason': 'x'.repeat(201) });
    expect(tooLong.statusCode).toBe(400);
    // Pharmacists still never read records.
    const pharmacist = await read(w.pharmacist, { 'x-access-reason': 'Curious' });
    expect(pharmacist.statusCode).toBe(403);

    await auditSettled(hub, pharmacist);
    const entries = await hub.app.audit.entries.find({ action: 'read /api/patients/:id/record', outcome: 'ok' }).toArray();
    expect(
      entries
        .filter((e) => e.accessReason === 'Insurance query #42')
        .map((e) => e.actorRole)
        .sort(),
    ).toEqual(['admin', 'receptionist']);
    const refused = await hub.app.audit.entries.find({ action: 'GET /api/patients/:id/record', outcome: 'denied' }).toArray();
    expect(refused.length).toBeGreaterThanOrEqual(2);
  });
});
