// Every endpoint of Auth, Clinic set-up, People, the medication catalogue, prescriptions and
// refill requests, stock, the pharmacy and billing × every kind of caller: allowed (2xx) or
// refused with exactly 401 (no caller), 403 (wrong role / someone else's record) or, where the
// object does not exist for the caller (a draft to its patient or a pharmacist, another patient's
// invoice), 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_DOCTOR, ANY_NURSE, ANY_PATIENT, CALLERS, type Caller, type Endpoint } from '../../support/access-matrix.js';
import { type Actor, bearer, createLocation, display, doctor, everyone, patient, staff } from '../../support/factories.js';
import { medicationId } from '../../support/prescribing.js';
import { prescriptionMaker } from '../../support/prescription-objects.js';
import { nurse } from '../../support/record.js';
import { StripeFake } from '../../support/stripe-fake.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';
import { type AdminWorld, adminEndpoints, adminWorld } from './admin-endpoints.js';
import { type BillingDocumentWorld, billingDocumentEndpoints, billingDocumentWorld } from './billing-document-endpoints.js';
import { type BillingWorld, billingEndpoints, billingWorld } from './billing-endpoints.js';
import { deskBillingEndpoints } from './desk-billing-endpoints.js';
import { type DeskWorld, deskWorld } from './desk-billing-fixtures.js';
import { type DocumentWorld, documentEndpoints, documentWorld } from './document-endpoints.js';
import { type FeedbackWorld, feedbackEndpoints, feedbackWorld } from './feedback-endpoints.js';
import { type InboxWorld, inboxEndpoints, inboxWorld } from './inbox-endpoints.js';
import { type InventoryWorld, inventoryEndpoints, inventoryWorld } from './inventory-endpoints.js';
import { type NotesWorld, noteBody, notesEndpoints } from './notes-endpoints.js';
import { type OnlineBillingWorld, onlineBillingEndpoints, onlineBillingWorld } from './online-billing-endpoints.js';
import { type PharmacyWorld, pharmacyEndpoints, pharmacyWorld } from './pharmacy-endpoints.js';
import { type PrescriptionWorld, prescriptionEndpoints } from './prescription-endpoints.js';
import { type RecordWorld, recordEndpoints, recordWorld } from './record-endpoints.js';
import { templateEndpoints } from './template-endpoints.js';

let hub: TestHub;
let world: Awaited<ReturnType<typeof everyone>>;
let others: Record<'otherDisplay' | 'otherDoctor' | 'otherPatient' | 'pharmacist' | 'nurse' | 'otherNurse', Actor>;
/** A patient without a login: someone else's record for every caller. */
let someoneElse: Awaited<ReturnType<typeof patient>>;
let prescribing: PrescriptionWorld;
let stock: InventoryWorld;
let pharmacy: PharmacyWorld;
let onlineBilling: OnlineBillingWorld;
/** Online payment is on, against the local Stripe fake, so that the patient's checkout succeeds. */
let stripe: StripeFake;
let billing: BillingWorld;
let desk: DeskWorld;
let billingDocuments: BillingDocumentWorld;
let notes: NotesWorld;
let record: RecordWorld;
let documents: DocumentWorld;
let feedback: FeedbackWorld;
let inbox: InboxWorld;
let admin: AdminWorld;
let n = 0;

beforeAll(async () => {
  stripe = await StripeFake.start();
  hub = await startTestHub(stripe.env);
  world = await everyone(hub);
  others = {
    otherDisplay: await display(hub, (await createLocation(hub)).id),
    otherDoctor: await doctor(hub, world.location.id),
    otherPatient: await patient(hub),
    pharmacist: await staff(hub, 'pharmacist'),
    nurse: await nurse(hub, world.admin, [world.location.id]),
    otherNurse: await nurse(hub, world.admin, [(await createLocation(hub)).id]),
  };
  someoneElse = await patient(hub, false);
  const medId = await medicationId(hub, world.doctor, 'salbutamol');
  const make = prescriptionMaker(hub, world, medId);
  prescribing = {
    make,
    visitId: await make.visit(),
    patientId: world.patient.patientId,
    medicationId: medId,
    signed: await make.signed(),
    draft: await make.draft(),
  };
  stock = await inventoryWorld(hub, world.admin, others.pharmacist, world.location.id);
  pharmacy = await pharmacyWorld(hub, others.pharmacist, make, world.location.id, medId);
  onlineBilling = await onlineBillingWorld(hub, world.patient.patientId, prescribing.visitId, world.location.id);
  billing = await billingWorld(hub, world, make);
  desk = deskWorld(hub, world.admin, world.patient.patientId, world.location.id, () => make.visit());
  record = await recordWorld(hub, world.doctor, world.patient.patientId, world.location.id);
  billingDocuments = await billingDocumentWorld(hub, {
    patientId: world.patient.patientId,
    appointmentId: prescribing.visitId,
    locationId: world.location.id,
  });
  const noteVisit = await make.visit();
  const note = await hub.app.inject({
    method: 'POST',
    url: `/api/appointments/${noteVisit}/notes`,
    headers: bearer(world.doctor.token),
    payload: { ...noteBody('Matrix note'), final: true, shareWithPatient: true },
  });
  notes = { make, patientId: world.patient.patientId, noteId: note.json().id };
  documents = await documentWorld(hub, world.doctor, world.patient.patientId);
  feedback = await feedbackWorld(hub, world);
  inbox = await inboxWorld(hub, world.patient);
  admin = await adminWorld(hub, world);
});
afterAll(async () => {
  await hub.close();
  await stripe.close();
});

function tokenOf(caller: Caller): string | null {
  if (caller === 'anonymous') return null;
  if (caller in others) return others[caller as keyof typeof others].token;
  return world[caller as 'admin' | 'receptionist' | 'doctor' | 'patient' | 'display'].token;
}

const unique = () => `${Date.now().toString(36)}${n++}`;
const ENDPOINTS: Endpoint[] = [
  {
    name: 'GET /api/me',
    method: 'GET',
    url: () => '/api/me',
    allowed: ['admin', 'receptionist', 'pharmacist', ...ANY_DOCTOR, ...ANY_NURSE, ...ANY_PATIENT, 'display', 'otherDisplay'],
  },
  {
    name: 'POST /api/locations',
    method: 'POST',
    url: () => '/api/locations',
    body: () => ({ name: `Loc ${unique()}`, address: '1 Road', phone: '+1 555 0100', timezone: 'America/New_York' }),
    allowed: ['admin'],
  },
  {
    name: 'GET /api/locations',
    method: 'GET',
    url: () => '/api/locations',
    allowed: ['admin', 'receptionist', 'pharmacist', ...ANY_NURSE, ...ANY_DOCTOR, ...ANY_PATIENT],
  },
  {
    name: 'GET /api/locations/:id',
    method: 'GET',
    url: () => `/api/locations/${world.location.id}`,
    allowed: ['admin', 'receptionist', 'pharmacist', ...ANY_NURSE, ...ANY_DOCTOR, ...ANY_PATIENT],
  },
  {
    name: 'PATCH /api/locations/:id (booking limits)',
    method: 'PATCH',
    url: () => `/api/locations/${world.location.id}`,
    body: () => ({ patientMaxUpcomingVisitsPerDoctor: 2, patientMaxUpcomingVisits: 6, patientMaxSeriesWeeks: 4 }),
    allowed: ['admin'],
  },
  {
    name: 'POST /api/users',
    method: 'POST',
    url: () => '/api/users',
    body: () => ({ email: `u${unique()}@test.example`, password: 'long enough pw', role: 'receptionist', firstName: 'R', lastName: 'S' }),
    allowed: ['admin'],
  },
  { name: 'GET /api/users', method: 'GET', url: () => '/api/users', allowed: ['admin'] },
  { name: 'GET /api/users/:id', method: 'GET', url: () => `/api/users/${world.receptionist.userId}`, allowed: ['admin'] },
  {
    name: 'POST /api/doctors',
    method: 'POST',
    url: () => '/api/doctors',
    body: () => ({
      firstName: 'New',
      lastName: 'Doctor',
      email: `d${unique()}@test.example`,
      specialization: 'Cardiology',
      licenseNumber: `L-${unique()}`.toUpperCase(),
      locationId: world.location.id,
      room: '7',
      consultationMinutes: 20,
    }),
    allowed: ['admin'],
  },
  { name: 'GET /api/doctors', method: 'GET', url: () => '/api/doctors', allowed: ['admin', 'receptionist', ...ANY_DOCTOR, ...ANY_PATIENT] },
  {
    name: 'GET /api/doctors/:id',
    method: 'GET',
    url: () => `/api/doctors/${world.doctor.doctorId}`,
    allowed: ['admin', 'receptionist', ...ANY_DOCTOR, ...ANY_PATIENT],
  },
  {
    name: 'PUT /api/doctors/:id/schedule',
    method: 'PUT',
    url: () => `/api/doctors/${world.doctor.doctorId}/schedule`,
    body: () => ({ rules: [{ weekday: 1, start: '09:00', end: '12:00', locationId: world.location.id }] }),
    allowed: ['admin'],
  },
  {
    name: 'GET /api/doctors/:id/schedule',
    method: 'GET',
    url: () => `/api/doctors/${world.doctor.doctorId}/schedule`,
    allowed: ['admin', 'receptionist', ...ANY_DOCTOR, ...ANY_PATIENT],
  },
  {
    name: 'POST /api/doctors/:id/unavailability',
    method: 'POST',
    url: () => `/api/doctors/${world.doctor.doctorId}/unavailability`,
    body: () => ({ startAt: '2030-01-01T00:00:00.000Z', endAt: '2030-01-08T00:00:00.000Z', reason: 'Holiday' }),
    allowed: ['admin'],
  },
  {
    name: 'GET /api/doctors/:id/unavailability',
    method: 'GET',
    url: () => `/api/doctors/${world.doctor.doctorId}/unavailability`,
    // Their own only: another doctor's absences are not theirs to read.
    allowed: ['admin', 'receptionist', 'doctor'],
  },
  {
    name: 'POST /api/displays',
    method: 'POST',
    url: () => '/api/displays',
    body: () => ({ locationId: world.location.id, name: `Screen ${unique()}` }),
    allowed: ['admin'],
  },
  { name: 'GET /api/displays', method: 'GET', url: () => '/api/displays', allowed: ['admin'] },
  {
    name: 'GET /api/locations/:id/board',
    method: 'GET',
    url: () => `/api/locations/${world.location.id}/board`,
    allowed: ['admin', 'receptionist', 'display'],
  },
  {
    name: 'POST /api/patients',
    method: 'POST',
    url: () => '/api/patients',
    body: () => ({ firstName: 'Pat', lastName: `P${unique()}`, dateOfBirth: '1990-01-01', phone: '+1 212 555 0199' }),
    allowed: ['admin', 'receptionist'],
  },
  { name: 'GET /api/patients', method: 'GET', url: () => '/api/patients?query=Pa', allowed: ['admin', 'receptionist'] },
  {
    // The doctor has a visit with this patient (the prescriptions' walk-in); the other doctor has none.
    name: 'GET /api/patients/:id (own record)',
    method: 'GET',
    url: () => `/api/patients/${world.patient.patientId}`,
    allowed: ['admin', 'receptionist', 'doctor', 'patient'],
  },
  {
    name: "GET /api/patients/:id (someone else's record)",
    method: 'GET',
    url: () => `/api/patients/${someoneElse.patientId}`,
    allowed: ['admin', 'receptionist'],
  },
  ...prescriptionEndpoints(() => prescribing),
  ...inventoryEndpoints(() => stock),
  ...pharmacyEndpoints(() => pharmacy),
  ...onlineBillingEndpoints(() => onlineBilling),
  ...billingEndpoints(() => billing),
  ...deskBillingEndpoints(() => desk),
  ...billingDocumentEndpoints(() => billingDocuments),
  ...notesEndpoints(() => notes),
  ...recordEndpoints(() => record),
  ...documentEndpoints(() => documents),
  ...feedbackEndpoints(() => feedback),
  ...templateEndpoints(),
  ...inboxEndpoints(() => inbox),
  ...adminEndpoints(() => admin),
];

describe.each(ENDPOINTS)('$name', (endpoint) => {
  it.each(CALLERS)('%s', async (caller) => {
    const token = tokenOf(caller);
    const res = await hub.app.inject({
      method: endpoint.method,
      url: await endpoint.url(),
      headers: token ? bearer(token) : {},
      ...(endpoint.body ? { payload: endpoint.body() } : {}),
    });
    if (endpoint.allowed.includes(caller)) {
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(200);
      expect(res.statusCode, res.body).toBeLessThan(300);
    } else if (endpoint.hidden?.includes(caller)) {
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    } else {
      expect(res.statusCode, res.body).toBe(caller === 'anonymous' ? 401 : 403);
      expect(res.json().code).toBe(caller === 'anonymous' ? 'UNAUTHORIZED' : 'FORBIDDEN');
    }
  });
});

/** The medical record's routes (issue 17): record, notes, documents, the triage list and the queue nurses now read. */
const RECORD_ROUTES =
  /^\/api\/inbox|^\/api\/feedback|^\/api\/appointments\/\{id\}\/feedback$|^\/api\/doctors\/\{id\}\/(rating|reviews)$|^\/api\/notes|^\/api\/appointments\/\{id\}\/notes$|^\/api\/documents|^\/api\/patients\/\{id\}\/documents$|^\/api\/patients\/\{id\}\/(record|allergies|conditions|medications|history|vitals)$|^\/api\/(allergies|conditions|patient-medications|history)\/\{id\}$|^\/api\/locations\/\{id\}\/triage$|^\/api\/doctors\/\{id\}\/queue$/;

describe('the matrix itself', () => {
  // Scoped to the newest areas (prescribing, pharmacy, billing): a route added there without a row
  // fails here instead of going unchecked. Routes are read from the OpenAPI document, which lists
  // every route the app registered with a schema. Stripe's webhook has no caller but Stripe: its
  // signature is its access check (tests/integration/billing/webhook.test.ts).
  it('has a row for every medication, prescription, refill-request, inventory, pharmacy, billing, record and notification-template route', () => {
    const spec = hub.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const registered = Object.entries(spec.paths)
      .filter(
        ([path]) =>
          /^\/api\/(medications|prescriptions|refill-requests|inventory|pharmacy|invoices|payments|claims|cash-ups|billing|notification-templates)|^\/api\/appointments\/\{id\}\/prescriptions$/.test(
            path,
          ) || RECORD_ROUTES.test(path),
      )
      .filter(([path]) => path !== '/api/payments/stripe/webhook')
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      );
    expect(registered.length).toBeGreaterThanOrEqual(35);
    const listed = new Set(ENDPOINTS.map((e) => e.name.split(' (')[0]));
    expect(registered.filter((route) => !listed.has(route))).toEqual([]);
  });
});

describe('deleting', () => {
  it.each(CALLERS)('DELETE /api/users/:id and /api/displays/:id as %s', async (caller) => {
    const token = tokenOf(caller);
    const victimUser = await hub.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(world.admin.token),
      payload: { email: `v${unique()}@test.example`, password: 'long enough pw', role: 'receptionist', firstName: 'V', lastName: 'W' },
    });
    const victimDisplay = await hub.app.inject({
      method: 'POST',
      url: '/api/displays',
      headers: bearer(world.admin.token),
      payload: { locationId: world.location.id, name: `S ${unique()}` },
    });
    for (const url of [`/api/users/${victimUser.json().id}`, `/api/displays/${victimDisplay.json().id}`]) {
      const res = await hub.app.inject({ method: 'DELETE', url, headers: token ? bearer(token) : {} });
      const expected = caller === 'admin' ? 204 : caller === 'anonymous' ? 401 : 403;
      expect(res.statusCode, `${url}: ${res.body}`).toBe(expected);
    }
  });
});

describe('the public endpoints', () => {
  it('login, refresh and logout need no access token', async () => {
    const login = await hub.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'x@test.example', password: 'x' } });
    expect(login.statusCode).toBe(401);
    const refresh = await hub.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: 'rt_x' } });
    expect(refresh.statusCode).toBe(401);
    const logout = await hub.app.inject({ method: 'POST', url: '/api/auth/logout', payload: { refreshToken: 'rt_x' } });
    expect(logout.statusCode).toBe(204);
  });

  it('a revoked display token is refused at once', async () => {
    const created = await hub.app.inject({
      method: 'POST',
      url: '/api/displays',
      headers: bearer(world.admin.token),
      payload: { locationId: world.location.id, name: 'Lobby' },
    });
    const { id, token } = created.json();
    const board = () => hub.app.inject({ method: 'GET', url: `/api/locations/${world.location.id}/board`, headers: bearer(token) });
    expect((await board()).statusCode).toBe(200);
    await hub.app.inject({ method: 'DELETE', url: `/api/displays/${id}`, headers: bearer(world.admin.token) });
    expect((await board()).statusCode).toBe(401);
  });
});
