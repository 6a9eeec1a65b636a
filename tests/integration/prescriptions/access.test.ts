// Who reads and changes prescriptions, with real objects (issue 14, "Access matrix"): a patient
// their own signed ones only; a doctor their own, and the signed ones of patients they have a
// visit with (never a colleague's draft); a pharmacist signed ones only and no changes; reception,
// admins and waiting-room screens nothing at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, bearer, display, doctor, patient } from '../../support/factories.js';
import { item, medicationId, type PrescribingClinic, prescribingClinic } from '../../support/prescribing.js';
import { type PrescriptionMaker, prescriptionMaker } from '../../support/prescription-objects.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: PrescribingClinic;
let salbutamol: string;
/** Patient A's prescriptions by the clinic's doctor, and patient B's. */
let forA: PrescriptionMaker;
let forB: PrescriptionMaker;
let patientB: Actor & { patientId: string };
/** A colleague of the clinic's doctor who has seen patient A, and one who never has. */
let colleague: Actor;
let stranger: Actor;
let screen: Actor;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await prescribingClinic(hub);
  salbutamol = await medicationId(hub, clinic.doctor, 'salbutamol');
  patientB = await patient(hub);
  [colleague, stranger, screen] = await Promise.all([
    doctor(hub, clinic.location.id),
    doctor(hub, clinic.location.id),
    display(hub, clinic.location.id),
  ]);
  forA = prescriptionMaker(hub, clinic, salbutamol);
  forB = prescriptionMaker(hub, { ...clinic, patient: patientB }, salbutamol);
  // The care relationship: a visit of patient A with the colleague.
  await forA.visit(colleague);
});
afterAll(() => hub.close());

const send = (actor: Actor, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });
const idsOf = async (actor: Actor, query = '') => {
  const res = await send(actor, 'GET', `/api/prescriptions${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().prescriptions as { id: string }[]).map((p) => p.id);
};
const expectRefused = (res: { statusCode: number; json: () => { code: string } }, status: 403 | 404) => {
  expect(res.statusCode).toBe(status);
  expect(res.json().code).toBe(status === 403 ? 'FORBIDDEN' : 'NOT_FOUND');
};

describe('a patient', () => {
  it("reads and lists their own signed prescriptions, never another patient's, and not their drafts", async () => {
    const [mine, myDraft, theirs] = await Promise.all([forA.signed(), forA.draft(), forB.signed()]);
    expect((await send(clinic.patient, 'GET', `/api/prescriptions/${mine.id}`)).statusCode).toBe(200);
    expect((await send(clinic.patient, 'GET', `/api/prescriptions/${mine.id}/pdf`)).statusCode).toBe(200);
    expectRefused(await send(clinic.patient, 'GET', `/api/prescriptions/${theirs.id}`), 403);
    expectRefused(await send(clinic.patient, 'GET', `/api/prescriptions/${theirs.id}/pdf`), 403);
    expectRefused(await send(clinic.patient, 'GET', `/api/prescriptions?patientId=${patientB.patientId}`), 403);
    // A draft is the doctor's work in progress: to its patient it does not exist yet.
    expectRefused(await send(clinic.patient, 'GET', `/api/prescriptions/${myDraft.id}`), 404);

    const listed = await idsOf(clinic.patient);
    expect(listed).toContain(mine.id);
    expect(listed).not.toContain(myDraft.id);
    expect(listed).not.toContain(theirs.id);
    expect(await idsOf(clinic.patient, `?patientId=${clinic.patient.patientId}`)).toEqual(listed);
  });

  it('asks for a refill of their own prescription only, and decides none', async () => {
    const theirs = await forB.signed();
    expectRefused(await send(clinic.patient, 'POST', `/api/prescriptions/${theirs.id}/refill-requests`, {}), 403);
    const request = await forA.refillRequest();
    expectRefused(await send(clinic.patient, 'POST', `/api/refill-requests/${request.id}/approve`, {}), 403);
    const theirRequests = (await send(patientB, 'GET', '/api/refill-requests')).json().refillRequests as { id: string }[];
    expect(theirRequests.map((r) => r.id)).not.toContain(request.id);
  });
});

describe('a doctor', () => {
  it("with a visit of the patient reads a colleague's signed prescription of them, but not the colleague's draft", async () => {
    const [signed, draft] = await Promise.all([forA.signed(), forA.draft()]);
    expect((await send(colleague, 'GET', `/api/prescriptions/${signed.id}`)).statusCode).toBe(200);
    expect((await send(colleague, 'GET', `/api/prescriptions/${signed.id}/pdf`)).statusCode).toBe(200);
    expectRefused(await send(colleague, 'GET', `/api/prescriptions/${draft.id}`), 403);
    expectRefused(await send(colleague, 'GET', `/api/prescriptions/${draft.id}/pdf`), 403);
    const listed = await idsOf(colleague, `?patientId=${clinic.patient.patientId}`);
    expect(listed).toContain(signed.id);
    expect(listed).not.toContain(draft.id);
    // Reading is not prescribing: only the prescriber changes it.
    expectRefused(await send(colleague, 'POST', `/api/prescriptions/${signed.id}/cancel`, { reason: 'Not mine' }), 403);
    expectRefused(await send(colleague, 'POST', `/api/prescriptions/${draft.id}/sign`), 403);
    expectRefused(await send(colleague, 'PUT', `/api/prescriptions/${draft.id}`, { items: [item(salbutamol)] }), 403);
    const request = await forA.refillRequest();
    expectRefused(await send(colleague, 'POST', `/api/refill-requests/${request.id}/approve`, {}), 403);
  });

  it('without one is refused the patient’s prescriptions and their list', async () => {
    const signed = await forA.signed();
    expectRefused(await send(stranger, 'GET', `/api/prescriptions/${signed.id}`), 403);
    expectRefused(await send(stranger, 'GET', `/api/prescriptions/${signed.id}/pdf`), 403);
    expectRefused(await send(stranger, 'GET', `/api/prescriptions?patientId=${clinic.patient.patientId}`), 403);
    // Their own list holds only what they wrote: nothing.
    expect(await idsOf(stranger)).toEqual([]);
  });
});

describe('a pharmacist', () => {
  it('reads signed prescriptions, finds no drafts, and changes nothing', async () => {
    const [signed, draft] = await Promise.all([forA.signed(), forA.draft()]);
    const pharmacist = clinic.pharmacist;
    expect((await send(pharmacist, 'GET', `/api/prescriptions/${signed.id}`)).statusCode).toBe(200);
    expect((await send(pharmacist, 'GET', `/api/prescriptions/${signed.id}/pdf`)).statusCode).toBe(200);
    expectRefused(await send(pharmacist, 'GET', `/api/prescriptions/${draft.id}`), 404);
    expectRefused(await send(pharmacist, 'GET', `/api/prescriptions/${draft.id}/pdf`), 404);
    const listed = await idsOf(pharmacist);
    expect(listed).toContain(signed.id);
    expect(listed).not.toContain(draft.id);

    const visitId = await forA.visit();
    const request = await forA.refillRequest();
    const writes: [method: 'POST' | 'PUT', url: string, body?: object][] = [
      ['POST', `/api/appointments/${visitId}/prescriptions`, { items: [item(salbutamol)] }],
      ['PUT', `/api/prescriptions/${draft.id}`, { items: [item(salbutamol, { quantity: 99 })] }],
      ['POST', `/api/prescriptions/${draft.id}/sign`],
      ['POST', `/api/prescriptions/${signed.id}/cancel`, { reason: 'Pharmacist' }],
      ['POST', `/api/prescriptions/${signed.id}/reissue`, { reason: 'Pharmacist' }],
      ['POST', `/api/prescriptions/${signed.id}/refill-requests`, {}],
      ['POST', `/api/refill-requests/${request.id}/approve`, {}],
      ['POST', `/api/refill-requests/${request.id}/deny`, { reason: 'Pharmacist' }],
    ];
    for (const [method, url, body] of writes) expectRefused(await send(pharmacist, method, url, body), 403);
    // Nothing moved: the draft is unchanged, the signed one active, the request pending.
    expect((await send(clinic.doctor, 'GET', `/api/prescriptions/${draft.id}`)).json()).toMatchObject({ status: 'draft', version: 1 });
    expect((await send(clinic.doctor, 'GET', `/api/prescriptions/${signed.id}`)).json().status).toBe('active');
    const pending = (await send(clinic.doctor, 'GET', `/api/refill-requests?prescriptionId=${request.prescriptionId}`)).json();
    expect(pending.refillRequests).toEqual([expect.objectContaining({ id: request.id, status: 'pending' })]);
  });
});

describe('reception, admins and screens', () => {
  it('are refused every prescription and refill route (a screen with its device token over HTTP)', async () => {
    const [signed, draft] = await Promise.all([forA.signed(), forA.draft()]);
    const request = await forA.refillRequest();
    const visitId = await forA.visit();
    const routes: [method: 'GET' | 'POST' | 'PUT', url: string, body?: object][] = [
      ['GET', '/api/prescriptions'],
      ['GET', `/api/prescriptions?patientId=${clinic.patient.patientId}`],
      ['GET', `/api/prescriptions/${signed.id}`],
      ['GET', `/api/prescriptions/${signed.id}/pdf`],
      ['GET', `/api/prescriptions/${draft.id}`],
      ['POST', `/api/appointments/${visitId}/prescriptions`, { items: [item(salbutamol)] }],
      ['PUT', `/api/prescriptions/${draft.id}`, { items: [item(salbutamol)] }],
      ['POST', `/api/prescriptions/${draft.id}/sign`],
      ['POST', `/api/prescriptions/${signed.id}/cancel`, { reason: 'Desk' }],
      ['POST', `/api/prescriptions/${signed.id}/reissue`, { reason: 'Desk' }],
      ['POST', `/api/prescriptions/${signed.id}/refill-requests`, {}],
      ['GET', '/api/refill-requests'],
      ['POST', `/api/refill-requests/${request.id}/approve`, {}],
      ['POST', `/api/refill-requests/${request.id}/deny`, {}],
    ];
    for (const actor of [clinic.receptionist, clinic.admin, screen])
      for (const [method, url, body] of routes) {
        const res = await send(actor, method, url, body);
        expect(res.statusCode, `${actor.role} ${method} ${url}`).toBe(403);
        expect(res.json().code).toBe('FORBIDDEN');
      }
    // The catalogue is not clinical: the desk and admins search it (screens do not).
    expect((await send(clinic.receptionist, 'GET', '/api/medications?query=salb')).statusCode).toBe(200);
    expect((await send(clinic.admin, 'GET', '/api/medications?query=salb')).statusCode).toBe(200);
    expectRefused(await send(screen, 'GET', '/api/medications?query=salb'), 403);
  });
});
