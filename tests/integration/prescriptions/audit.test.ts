// The audit trail of prescriptions (issue 14: "every create, change, sign, cancel, PDF download and
// verify (with outcome)"): each leaves an entry an admin finds through GET /api/audit, with states
// and links but never clinical text. A prescription's whole life is written with marked words (the
// diagnosis, doses, the allergy override and cancel reasons, ...) and the medicine names, and then
// the whole audit collection is searched for them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, bearer } from '../../support/factories.js';
import { allergicPatient, item, medicationId, type PrescribingClinic, prescribingClinic, startedVisit } from '../../support/prescribing.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: PrescribingClinic;
/** Every piece of clinical text the prescription's life wrote, to be searched for in the log. */
const clinical = new Set<string>();
const mark = (what: string) => {
  const value = `${what} ${Math.random().toString(36).slice(2, 10)}`;
  clinical.add(value);
  return value;
};

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await prescribingClinic(hub);
});
afterAll(() => hub.close());

interface Entry {
  action: string;
  outcome: string;
  actorId: string | null;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  changes: { field: string; from?: unknown; to?: unknown }[] | null;
}

async function call(actor: Actor | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  return hub.app.inject({ method, url, headers: actor ? bearer(actor.token) : {}, ...(payload ? { payload } : {}) });
}

/**
 * The entry of one request, as an admin reads it through GET /api/audit. Entries are written just
 * after the response: wait (bounded, no sleep) until it has landed in the collection first.
 */
async function entryOf(res: { headers: Record<string, unknown> }, targetId: string): Promise<Entry> {
  const requestId = String(res.headers['x-request-id']);
  for (let i = 0; i < 500 && !(await hub.app.audit.entries.findOne({ requestId })); i++) await hub.app.redis.ping();
  const listed = await call(clinic.admin, 'GET', `/api/audit?targetId=${targetId}&limit=500`);
  expect(listed.statusCode).toBe(200);
  const found = (listed.json().entries as Entry[]).filter((e) => e.requestId === requestId);
  expect(found, `no entry for ${requestId} under target ${targetId}`).toHaveLength(1);
  return found[0]!;
}

describe('the audit trail of a prescription', () => {
  it('records create, change, sign, PDF, verify (ok and failed) and cancel, and keeps no clinical text', async () => {
    const amoxicillin = await medicationId(hub, clinic.doctor, 'amoxicillin', '500 mg');
    const salbutamol = await medicationId(hub, clinic.doctor, 'salbutamol');
    const patient = await allergicPatient(hub, ['penicillin']);
    const visitId = await startedVisit(hub, clinic, patient.patientId);
    const content = () => ({
      items: [
        item(amoxicillin, { dose: mark('Dose'), frequency: mark('Frequency'), instructions: mark('Instructions') }),
        item(salbutamol, { dose: mark('Puffs') }),
      ],
      refills: 1,
      diagnosis: mark('Diagnosis'),
      advice: mark('Advice'),
      allergyOverrideReason: mark('Override'),
      testsOrdered: [{ name: mark('Test'), priority: 'routine' }],
    });

    // Create: the target is the new prescription (not the visit in the path); its id and number are kept.
    const created = await call(clinic.doctor, 'POST', `/api/appointments/${visitId}/prescriptions`, content());
    expect(created.statusCode, created.body).toBe(201);
    const rx = created.json();
    for (const i of rx.items as { name: string; genericName: string }[]) clinical.add(i.name).add(i.genericName);
    const create = await entryOf(created, rx.id);
    expect(create).toMatchObject({ action: 'POST /api/appointments/:id/prescriptions', outcome: 'ok', actorId: clinic.doctor.userId });
    expect(create.changes).toEqual(
      expect.arrayContaining([
        { field: 'id', from: null, to: rx.id },
        { field: 'number', from: null, to: rx.number },
        { field: 'status', from: null, to: 'draft' },
      ]),
    );

    const changed = await call(clinic.doctor, 'PUT', `/api/prescriptions/${rx.id}`, { ...content(), baseVersion: 1 });
    expect(changed.statusCode, changed.body).toBe(200);
    const change = await entryOf(changed, rx.id);
    expect(change).toMatchObject({ action: 'PUT /api/prescriptions/:id', outcome: 'ok', targetType: 'prescriptions' });
    expect(change.changes).toContainEqual({ field: 'version', from: 1, to: 2 });
    // The new content is named as changed, its words not kept.
    expect(change.changes).toContainEqual({ field: 'diagnosis' });

    const signed = await call(clinic.doctor, 'POST', `/api/prescriptions/${rx.id}/sign`);
    expect(signed.statusCode, signed.body).toBe(200);
    expect((await entryOf(signed, rx.id)).changes).toContainEqual({ field: 'status', from: 'draft', to: 'active' });

    const pdf = await call(patient, 'GET', `/api/prescriptions/${rx.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(await entryOf(pdf, rx.id)).toMatchObject({ action: 'read /api/prescriptions/:id/pdf', outcome: 'ok', actorId: patient.userId });

    // Verify: anyone may check a printed script; each check is kept with whether it held.
    const verifyUrl = new URL(signed.json().verifyUrl);
    const valid = await call(null, 'GET', verifyUrl.pathname + verifyUrl.search);
    expect(valid.json().valid).toBe(true);
    expect(await entryOf(valid, rx.id)).toMatchObject({
      action: 'check /api/prescriptions/verify/:number',
      outcome: 'ok',
      actorId: null,
      targetType: 'prescriptions',
    });
    const sig = verifyUrl.searchParams.get('sig')!;
    const forged = `${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`;
    const invalid = await call(null, 'GET', `${verifyUrl.pathname}?sig=${encodeURIComponent(forged)}`);
    expect(invalid.json()).toEqual({ valid: false });
    expect(await entryOf(invalid, rx.id)).toMatchObject({ action: 'check /api/prescriptions/verify/:number', outcome: 'failed' });

    // A refill asked for and denied: the note and the reason are the patient's and doctor's words.
    const refill = await call(patient, 'POST', `/api/prescriptions/${rx.id}/refill-requests`, { note: mark('Note') });
    expect(refill.statusCode, refill.body).toBe(201);
    const denied = await call(clinic.doctor, 'POST', `/api/refill-requests/${refill.json().id}/deny`, { reason: mark('Denied') });
    expect((await entryOf(denied, refill.json().id)).changes).toContainEqual({ field: 'status', from: 'pending', to: 'denied' });

    const cancelled = await call(clinic.doctor, 'POST', `/api/prescriptions/${rx.id}/cancel`, { reason: mark('Cancel') });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const cancel = await entryOf(cancelled, rx.id);
    expect(cancel.changes).toContainEqual({ field: 'status', from: 'active', to: 'cancelled' });
    expect(cancel.changes).toContainEqual({ field: 'cancelReason' });

    // The whole collection, not only these entries: no clinical word anywhere, in any case.
    const everything = JSON.stringify(await hub.app.audit.entries.find({}).toArray()).toLowerCase();
    expect(everything).toContain(rx.id.toLowerCase()); // the search really covers the prescription's entries
    expect(clinical.size).toBeGreaterThanOrEqual(14);
    expect([...clinical].filter((text) => everything.includes(text.toLowerCase()))).toEqual([]);
  });
});
