// Bad input across Auth, Clinic set-up, People, the medication catalogue, prescriptions and refill
// requests, stock, dispensing and billing: every case gets a 4xx with a stable code, never a 5xx,
// and nothing at all is written (every table's checksum is unchanged). The prescription cases are
// in prescription-bad-input.ts, billing's in billing-bad-input.ts, the medical record's in record-bad-input.ts.
// Long file: one table of over 80 bad inputs to the Auth, Clinic set-up and People routes, against
// one snapshot of every table; split up, each part would need its own hub and snapshot, and the
// same mistake made on different routes could no longer be compared side by side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BadInputCase as Case } from '../../support/bad-input.js';
import { type Actor, bearer, everyone, PASSWORD } from '../../support/factories.js';
import { medicationId } from '../../support/prescribing.js';
import { prescriptionMaker } from '../../support/prescription-objects.js';
import { STRIPE_UNREACHABLE } from '../../support/stripe-fake.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';
import { PDF, upload } from '../documents/fixtures.js';
import { type AdminFixtures, adminCases, adminFixtures } from './admin-bad-input.js';
import { type BillingFixtures, billingCases, billingFixtures } from './billing-bad-input.js';
import { deskBillingCases } from './desk-billing-bad-input.js';
import { type DeskFixtures, deskFixtures } from './desk-billing-fixtures.js';
import { type DispenseFixtures, dispenseCases, dispenseFixtures } from './dispense-bad-input.js';
import { type DocumentFixtures, documentCases } from './document-bad-input.js';
import { inboxCases } from './inbox-bad-input.js';
import { type InventoryFixtures, inventoryCases, inventoryFixtures } from './inventory-bad-input.js';
import { type NoteFixtures, noteCases } from './notes-bad-input.js';
import { type PrescriptionFixtures, prescriptionCases } from './prescription-bad-input.js';
import { type RecordFixtures, recordCases, recordFixtures } from './record-bad-input.js';
import { type RefundFixtures, refundCases, refundFixtures } from './refund-bad-input.js';

let hub: TestHub;
let world: Awaited<ReturnType<typeof everyone>> & { doctorLicense?: string; pharmacist?: Actor };
let before: Record<string, unknown>;
let prescribing: PrescriptionFixtures;
let stock: InventoryFixtures;
let dispensing: DispenseFixtures;
let refunding: RefundFixtures;
let billing: BillingFixtures;
let desk: DeskFixtures;
let notes: NoteFixtures;
let record: RecordFixtures;
let documents: DocumentFixtures;
let admin: AdminFixtures;
const MB = 'x'.repeat(1_000_000);
const UNKNOWN_ID = '01JAAAAAAAAAAAAAAAAAAAAAAA';

async function tableNames(): Promise<string[]> {
  const [tables] = (await hub.app.mysql.pool.query('SHOW TABLES')) as unknown as [Record<string, string>[]];
  return tables.map((row) => Object.values(row)[0]!).filter((t) => t !== '__drizzle_migrations');
}

/** Each table's checksum by name, so that a failure names the table that was written. */
async function checksums(): Promise<Record<string, unknown>> {
  const names = await tableNames();
  const [sums] = (await hub.app.mysql.pool.query(`CHECKSUM TABLE ${names.map((t) => `\`${t}\``).join(', ')}`)) as unknown as [
    { Table: string; Checksum: unknown }[],
  ];
  return Object.fromEntries(sums.map((row) => [row.Table.split('.').pop(), row.Checksum]));
}

beforeAll(async () => {
  // Online payment on (the webhook's signature cases), at an address where nothing answers.
  hub = await startTestHub(STRIPE_UNREACHABLE);
  world = await everyone(hub);
  // Rows the conflict cases collide with, written before the snapshot.
  await hub.app.inject({
    method: 'POST',
    url: '/api/patients',
    headers: bearer(world.admin.token),
    payload: {
      firstName: 'Taken',
      lastName: 'Email',
      dateOfBirth: '1970-01-01',
      phone: '+1 212 555 0100',
      email: 'taken@test.example',
      password: PASSWORD,
    },
  });
  // The prescriptions the prescription cases aim at: a draft, a signed one, a pending refill request.
  const medId = await medicationId(hub, world.doctor, 'salbutamol');
  const make = prescriptionMaker(hub, world, medId);
  const [draft, signed, refill] = [await make.draft(), await make.signed(), await make.refillRequest()];
  prescribing = {
    visitId: await make.visit(),
    medicationId: medId,
    draftId: draft.id,
    signedId: signed.id,
    signedNumber: signed.number,
    refillRequestId: refill.id,
  };
  stock = await inventoryFixtures(hub, world.admin, world.location.id);
  world.pharmacist = stock.pharmacist;
  dispensing = await dispenseFixtures(hub, stock.pharmacist, make, world.location.id, medId);
  refunding = await refundFixtures(hub, {
    patientId: world.patient.patientId,
    appointmentId: prescribing.visitId,
    locationId: world.location.id,
    adminId: world.admin.userId!,
  });
  billing = await billingFixtures(hub, world, make);
  desk = await deskFixtures(hub, world.admin, world.patient.patientId, world.location.id, () => make.visit());
  notes = { visitId: await make.visit(), patientUserId: world.patient.userId! };
  record = await recordFixtures(hub, world.doctor, world.patient.patientId);
  // A document of the patient (whose doctor has visits with them), for the documents' cases.
  const stored = await upload(hub, world.doctor, world.patient.patientId, { bytes: PDF });
  documents = { patientId: world.patient.patientId, documentId: stored.json().id };
  admin = await adminFixtures(hub, world);
  // Their outbox events are marked published just after each response: settled before the snapshot.
  await hub.app.live.publishSoon();
  before = await checksums();
});
afterAll(() => hub.close());

const loc = () => world.location.id;
const doc = () => world.doctor.doctorId!;
const validDoctor = () => ({
  firstName: 'D',
  lastName: 'R',
  email: `new.doctor.${Math.random().toString(36).slice(2)}@test.example`,
  specialization: 'Cardiology',
  licenseNumber: 'NEW-1',
  locationId: loc(),
  room: '1',
  consultationMinutes: 15,
});
const validPatient = { firstName: 'P', lastName: 'Q', dateOfBirth: '1990-01-01', phone: '+1 212 555 0101' };
const rule = (over: object = {}) => ({ weekday: 1, start: '09:00', end: '12:00', locationId: loc(), ...over });

const CASES: Case[] = [
  // Auth
  {
    name: 'login: email is a number',
    url: '/api/auth/login',
    body: { email: 42, password: 'x' },
    as: 'none',
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'login: email is a query object',
    url: '/api/auth/login',
    body: { email: { $gt: '' }, password: 'x' },
    as: 'none',
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'login: password is a query object',
    url: '/api/auth/login',
    body: { email: 'a@test.example', password: { $ne: null } },
    as: 'none',
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'login: password missing',
    url: '/api/auth/login',
    body: { email: 'a@test.example' },
    as: 'none',
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'login: unknown field',
    url: '/api/auth/login',
    body: { email: 'a@test.example', password: 'x', admin: true },
    as: 'none',
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'login: body is an array',
    url: '/api/auth/login',
    body: [{ email: 'a@test.example', password: 'x' }],
    as: 'none',
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'login: body is a JSON string',
    url: '/api/auth/login',
    raw: { payload: '"hello"', contentType: 'application/json' },
    as: 'none',
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'login: body is JSON null',
    url: '/api/auth/login',
    raw: { payload: 'null', contentType: 'application/json' },
    as: 'none',
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'login: malformed JSON',
    url: '/api/auth/login',
    raw: { payload: '{"email": ', contentType: 'application/json' },
    as: 'none',
    status: 400,
    code: 'INVALID_JSON',
  },
  {
    name: 'login: empty JSON body',
    url: '/api/auth/login',
    raw: { payload: '', contentType: 'application/json' },
    as: 'none',
    status: 400,
    code: 'INVALID_JSON',
  },
  {
    name: 'login: text/plain body',
    url: '/api/auth/login',
    raw: { payload: 'email=a', contentType: 'text/plain' },
    as: 'none',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'login: invalid email',
    url: '/api/auth/login',
    body: { email: 'not-an-email', password: 'x' },
    as: 'none',
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'login: 1 MB password',
    url: '/api/auth/login',
    body: { email: 'a@test.example', password: MB },
    as: 'none',
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'login: body over 1 MiB',
    url: '/api/auth/login',
    body: { email: 'a@test.example', password: `${MB}${MB}` },
    as: 'none',
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'refresh: token is a number',
    url: '/api/auth/refresh',
    body: { refreshToken: 1 },
    as: 'none',
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'refresh: token is a query object',
    url: '/api/auth/refresh',
    body: { refreshToken: { $ne: null } },
    as: 'none',
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  { name: 'logout: token missing', url: '/api/auth/logout', body: {}, as: 'none', status: 400, code: 'VALIDATION_FAILED' },
  // Locations
  {
    name: 'location: unknown time zone',
    url: '/api/locations',
    body: { name: 'A', address: 'B', phone: '+1 555 0100', timezone: 'Mars/Olympus' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'location: time zone is a number',
    url: '/api/locations',
    body: { name: 'A', address: 'B', phone: '+1 555 0100', timezone: 1 },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'location: empty name',
    url: '/api/locations',
    body: { name: '', address: 'B', phone: '+1 555 0100', timezone: 'UTC' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'location: blank name',
    url: '/api/locations',
    body: { name: '   ', address: 'B', phone: '+1 555 0100', timezone: 'UTC' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'location: 1 MB name',
    url: '/api/locations',
    body: { name: MB, address: 'B', phone: '+1 555 0100', timezone: 'UTC' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'location: client-chosen id',
    url: '/api/locations',
    body: { id: UNKNOWN_ID, name: 'A', address: 'B', phone: '+1 555 0100', timezone: 'UTC' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'location: phone with letters',
    url: '/api/locations',
    body: { name: 'A', address: 'B', phone: 'call me maybe', timezone: 'UTC' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'location: negative booking limit',
    url: '/api/locations',
    body: { name: 'A', address: 'B', phone: '+1 555 0100', timezone: 'UTC', patientMaxUpcomingVisits: -1 },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'location settings: series of 13 weeks',
    method: 'PATCH',
    url: () => `/api/locations/${loc()}`,
    body: { patientMaxSeriesWeeks: 13 },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'location settings: a visit limit of 1.5',
    method: 'PATCH',
    url: () => `/api/locations/${loc()}`,
    body: { patientMaxUpcomingVisitsPerDoctor: 1.5 },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'location settings: a visit limit as text',
    method: 'PATCH',
    url: () => `/api/locations/${loc()}`,
    body: { patientMaxUpcomingVisits: '6' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'location: opening hours closing before they open',
    url: '/api/locations',
    body: {
      name: 'A',
      address: 'B',
      phone: '+1 555 0100',
      timezone: 'UTC',
      openingHours: [{ weekday: 1, opens: '18:00', closes: '08:00' }],
    },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'location settings: opening hours on weekday 8',
    method: 'PATCH',
    url: () => `/api/locations/${loc()}`,
    body: { openingHours: [{ weekday: 8, opens: '08:00', closes: '12:00' }] },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'location settings: 22 opening ranges',
    method: 'PATCH',
    url: () => `/api/locations/${loc()}`,
    body: { openingHours: Array.from({ length: 22 }, (_, i) => ({ weekday: 1 + (i % 7), opens: '08:00', closes: '09:00' })) },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'location settings: units not metric or us',
    method: 'PATCH',
    url: () => `/api/locations/${loc()}`,
    body: { units: 'imperial' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  // Users
  {
    name: 'user: unknown role',
    url: '/api/users',
    body: { email: 'n@test.example', password: PASSWORD, role: 'superuser', firstName: 'A', lastName: 'B' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'user: doctor role through /api/users',
    url: '/api/users',
    body: { email: 'n@test.example', password: PASSWORD, role: 'doctor', firstName: 'A', lastName: 'B' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'user: password too short',
    url: '/api/users',
    body: { email: 'n@test.example', password: 'short', role: 'admin', firstName: 'A', lastName: 'B' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'user: email taken (other case)',
    url: '/api/users',
    body: { email: 'TAKEN@test.example', password: PASSWORD, role: 'admin', firstName: 'A', lastName: 'B' },
    status: 409,
    code: 'EMAIL_TAKEN',
  },
  {
    name: 'user: blank last name',
    url: '/api/users',
    body: { email: 'n@test.example', password: PASSWORD, role: 'admin', firstName: 'A', lastName: '  ' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  { name: 'users: role filter not a role', method: 'GET', url: '/api/users?role=god', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'users: bad id', method: 'GET', url: '/api/users/1', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'location staff: bad location id', method: 'GET', url: '/api/locations/1/staff', status: 400, code: 'VALIDATION_FAILED' },
  {
    name: 'location staff: a query it does not take',
    method: 'GET',
    url: () => `/api/locations/${loc()}/staff?role=nurse`,
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  // Doctors
  {
    name: 'doctor: minutes as a string',
    url: '/api/doctors',
    body: () => ({ ...validDoctor(), consultationMinutes: '15' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'doctor: zero minutes',
    url: '/api/doctors',
    body: () => ({ ...validDoctor(), consultationMinutes: 0 }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'doctor: fractional minutes',
    url: '/api/doctors',
    body: () => ({ ...validDoctor(), consultationMinutes: 12.5 }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'doctor: malformed location id',
    url: '/api/doctors',
    body: () => ({ ...validDoctor(), locationId: '123' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'doctor: unknown location',
    url: '/api/doctors',
    body: () => ({ ...validDoctor(), locationId: UNKNOWN_ID }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'doctor: email taken by a patient',
    url: '/api/doctors',
    body: () => ({ ...validDoctor(), email: 'taken@test.example' }),
    status: 409,
    code: 'EMAIL_TAKEN',
  },
  {
    name: 'doctor: licence taken (login not left behind)',
    url: '/api/doctors',
    body: () => ({ ...validDoctor(), licenseNumber: world.doctorLicense }),
    status: 409,
    code: 'LICENSE_TAKEN',
  },
  {
    name: 'doctor: specialization is a query object',
    url: '/api/doctors',
    body: () => ({ ...validDoctor(), specialization: { $gt: '' } }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'doctors: filter with operator key',
    method: 'GET',
    url: '/api/doctors?locationId[$ne]=x',
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  { name: 'doctors: bad id', method: 'GET', url: '/api/doctors/XYZ', status: 400, code: 'VALIDATION_FAILED' },
  // Schedules and unavailability
  {
    name: 'schedule: weekday 8',
    method: 'PUT',
    url: () => `/api/doctors/${doc()}/schedule`,
    body: () => ({ rules: [rule({ weekday: 8 })] }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'schedule: 25:00',
    method: 'PUT',
    url: () => `/api/doctors/${doc()}/schedule`,
    body: () => ({ rules: [rule({ end: '25:00' })] }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'schedule: end before start',
    method: 'PUT',
    url: () => `/api/doctors/${doc()}/schedule`,
    body: () => ({ rules: [rule({ start: '13:00', end: '12:00' })] }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'schedule: overlapping rules',
    method: 'PUT',
    url: () => `/api/doctors/${doc()}/schedule`,
    body: () => ({ rules: [rule(), rule({ start: '11:00', end: '14:00' })] }),
    status: 400,
    code: 'SCHEDULE_OVERLAP',
  },
  {
    name: 'schedule: unknown doctor',
    method: 'PUT',
    url: `/api/doctors/${UNKNOWN_ID}/schedule`,
    body: () => ({ rules: [rule()] }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'schedule: unknown location',
    method: 'PUT',
    url: () => `/api/doctors/${doc()}/schedule`,
    body: () => ({ rules: [rule({ locationId: UNKNOWN_ID })] }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'schedule: rules is an object',
    method: 'PUT',
    url: () => `/api/doctors/${doc()}/schedule`,
    body: { rules: { weekday: 1 } },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'unavailability: end before start',
    url: () => `/api/doctors/${doc()}/unavailability`,
    body: { startAt: '2030-01-02T00:00:00Z', endAt: '2030-01-01T00:00:00Z' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'unavailability: not an instant',
    url: () => `/api/doctors/${doc()}/unavailability`,
    body: { startAt: 'tomorrow', endAt: '2030-01-01T00:00:00Z' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'unavailability: ten years',
    url: () => `/api/doctors/${doc()}/unavailability`,
    body: { startAt: '2030-01-01T00:00:00Z', endAt: '2040-01-01T00:00:00Z' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  // Displays
  {
    name: 'display: unknown location',
    url: '/api/displays',
    body: { locationId: UNKNOWN_ID, name: 'Lobby' },
    status: 404,
    code: 'NOT_FOUND',
  },
  { name: 'display: name missing', url: '/api/displays', body: () => ({ locationId: loc() }), status: 400, code: 'VALIDATION_FAILED' },
  // Patients
  {
    name: 'patient: allowDuplicate as text',
    url: '/api/patients',
    body: { firstName: 'A', lastName: 'B', dateOfBirth: '1980-01-01', phone: '+1 212 555 0101', allowDuplicate: 'yes' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'patient: 30 February',
    url: '/api/patients',
    body: { ...validPatient, dateOfBirth: '1990-02-30' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'patient: born in the future',
    url: '/api/patients',
    body: { ...validPatient, dateOfBirth: '2999-01-01' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'patient: US date format',
    url: '/api/patients',
    body: { ...validPatient, dateOfBirth: '01/02/1990' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'patient: password without email',
    url: '/api/patients',
    body: { ...validPatient, password: PASSWORD },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'patient: email is a query object',
    url: '/api/patients',
    body: { ...validPatient, email: { $gt: '' } },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'patient: allergy is a number',
    url: '/api/patients',
    body: { ...validPatient, allergies: [1] },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'patient: unknown blood type',
    url: '/api/patients',
    body: { ...validPatient, bloodType: 'C+' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'patient: unknown field in emergency contact',
    url: '/api/patients',
    body: { ...validPatient, emergencyContact: { name: 'A', phone: '+1 555 0102', ssn: '1' } },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'patient: invalid time zone',
    url: '/api/patients',
    body: { ...validPatient, timezone: 'Europe/Atlantis' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'patient: email taken (no record left behind)',
    url: '/api/patients',
    body: { ...validPatient, email: 'taken@test.example', password: PASSWORD },
    status: 409,
    code: 'EMAIL_TAKEN',
  },
  { name: 'patients: limit 1000', method: 'GET', url: '/api/patients?limit=1000', status: 400, code: 'VALIDATION_FAILED' },
  {
    name: 'patients: 101-character query',
    method: 'GET',
    url: `/api/patients?query=${'a'.repeat(101)}`,
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  { name: 'patients: malformed percent-encoding', method: 'GET', url: '/api/patients/%E0%A4%A', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'patients: 300-character id', method: 'GET', url: `/api/patients/${'A'.repeat(300)}`, status: 400, code: 'VALIDATION_FAILED' },
  {
    name: 'unavailability: year 0000',
    url: () => `/api/doctors/${doc()}/unavailability`,
    body: { startAt: '0000-01-01T00:00:00+01:00', endAt: '2030-01-01T00:00:00Z' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'unavailability: year 9999',
    url: () => `/api/doctors/${doc()}/unavailability`,
    body: { startAt: '2030-01-01T00:00:00Z', endAt: '9999-12-31T23:00:00-05:00' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'location: blank address',
    url: '/api/locations',
    body: { name: 'A', address: '   ', phone: '+1 555 0100', timezone: 'UTC' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  { name: 'patients: unknown parameter', method: 'GET', url: '/api/patients?$where=1', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'patients: malformed id', method: 'GET', url: '/api/patients/not-an-id', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'patients: unknown id', method: 'GET', url: `/api/patients/${UNKNOWN_ID}`, status: 404, code: 'NOT_FOUND' },
  { name: 'unknown route', method: 'GET', url: '/api/nothing-here', status: 404, code: 'NOT_FOUND' },
  ...prescriptionCases(() => prescribing),
  ...inventoryCases(() => stock),
  ...dispenseCases(() => dispensing),
  ...refundCases(() => refunding),
  ...billingCases(() => billing),
  ...deskBillingCases(() => desk),
  ...noteCases(() => notes),
  ...recordCases(() => record),
  ...documentCases(() => documents),
  ...inboxCases(),
  ...adminCases(() => admin),
];

describe('bad input', () => {
  beforeAll(async () => {
    const license = (await hub.app.inject({ method: 'GET', url: `/api/doctors/${doc()}`, headers: bearer(world.admin.token) })).json();
    world.doctorLicense = license.licenseNumber;
  });

  it('has at least 40 cases, 30 of them on medications, prescriptions and refills', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(CASES.filter((c) => /^(prescriptions?|verify|medications?|refill)\b/.test(c.name)).length).toBeGreaterThanOrEqual(30);
    expect(CASES.filter((c) => c.name.startsWith('inventory:')).length).toBeGreaterThanOrEqual(15);
    expect(CASES.filter((c) => c.name.startsWith('billing:')).length).toBeGreaterThanOrEqual(25);
    expect(CASES.filter((c) => c.name.startsWith('record:')).length).toBeGreaterThanOrEqual(12);
  });

  it('checks the tables prescribing writes to', async () => {
    expect(await tableNames()).toEqual(
      expect.arrayContaining([
        'prescriptions',
        'prescription_items',
        'prescription_counters',
        'refill_requests',
        'medications',
        'invoices',
        'invoice_lines',
        'payments',
        'billing_counters',
        'patient_allergies',
        'patient_conditions',
        'patient_medications',
        'patient_history',
        'vital_signs',
      ]),
    );
  });

  it.each(CASES)('$name → $status $code', async (c) => {
    const url = typeof c.url === 'function' ? c.url() : c.url;
    const headers: Record<string, string> = c.as === 'none' ? {} : bearer(world[c.as ?? 'admin']!.token);
    const body = typeof c.body === 'function' ? (c.body as () => unknown)() : c.body;
    const res = await hub.app.inject({
      method: c.method ?? 'POST',
      url,
      headers: c.raw ? { ...headers, 'content-type': c.raw.contentType } : headers,
      ...(c.raw
        ? { payload: c.raw.payload }
        : body !== undefined
          ? { payload: JSON.stringify(body), headers: { ...headers, 'content-type': 'application/json' } }
          : {}),
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(c.status);
    const json = res.json();
    expect(json).toMatchObject({ statusCode: c.status, code: c.code });
    expect(typeof json.message).toBe('string');
    expect(json).not.toHaveProperty('stack');
    expect(res.body).not.toMatch(/\.(ts|js):\d+/); // no stack frames
  });

  it('wrote nothing', async () => {
    expect(await checksums()).toEqual(before);
  });
});
