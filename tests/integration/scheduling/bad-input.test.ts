// Bad input across Scheduling: every case gets an exact 4xx with a stable code, never a 5xx,
// and nothing at all is written (every MySQL table's checksum is unchanged). The rows the cases
// collide with (a taken slot, a cancelled visit, a checked-in walk-in, a used Idempotency-Key…)
// are all written in beforeAll, before the snapshot.
// Long file: one table of over 100 bad inputs to the Scheduling routes, against one set of
// fixtures and one "wrote nothing" check; split up, each part would repeat the fixtures, and the
// cases a reviewer compares (the same mistake when booking, rescheduling or cancelling) would scatter.
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments } from '../../../db/schema/index.js';
import { type Actor, bearer, patient } from '../../support/factories.js';
import { at, bookableClinic, todayAt, zoneWhereItIsMorning } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
/** A UTC clinic: doctor 08:00-18:00 every day, lunch 12:00-13:00, 15-minute visits. */
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
/** A clinic in a zone where it is about 10:00 now, for visits "later today". */
let morning: Awaited<ReturnType<typeof bookableClinic>>;
let other: Actor & { patientId: string };
let before: string;
const { zone, offsetHours } = zoneWhereItIsMorning();
const UNKNOWN_ID = '01JAAAAAAAAAAAAAAAAAAAAAAA';
const REUSED_KEY = 'sched-bad-input-key-0001';

/** Ids of the fixture appointments. */
const fx = {
  /** Other patient, UTC doctor, at(2, 10:00), scheduled: the taken slot. */
  taken: '',
  /** Other patient, UTC doctor, at(2, 14:00) for 30 minutes (type long-visit), scheduled. */
  long: '',
  /** Other patient, UTC doctor, at(4, 10:00), cancelled by staff. */
  cancelled: '',
  /** The signed-in patient's own visit, UTC doctor, at(5, 10:00), scheduled. */
  own: '',
  /** Other patient, morning doctor, a walk-in: checked in now. */
  walkIn: '',
  /** Morning patient, morning doctor, today 15:00 local, cancelled by staff. */
  cancelledToday: '',
  /** Morning patient's own visit today at 16:00 local: in the future, inside the 24 h cut-off. */
  soon: '',
  /** The other patient's five-minute hold on the UTC doctor at(8, 10:00), made by the desk. */
  hold: '',
};

async function checksums(): Promise<string> {
  const [tables] = (await hub.app.mysql.pool.query('SHOW TABLES')) as unknown as [Record<string, string>[]];
  const names = tables.map((row) => Object.values(row)[0]!).filter((t) => t !== '__drizzle_migrations');
  const [sums] = await hub.app.mysql.pool.query(`CHECKSUM TABLE ${names.map((t) => `\`${t}\``).join(', ')}`);
  return JSON.stringify(sums);
}

function expectStatus(res: LightMyRequestResponse, status: number, what: string): Record<string, string> {
  if (res.statusCode !== status) throw new Error(`fixture ${what}: expected ${status}, got ${res.statusCode} ${res.body}`);
  return res.json();
}

async function post(actor: Actor, url: string, payload?: object, headers: Record<string, string> = {}) {
  return hub.app.inject({ method: 'POST', url, headers: { ...bearer(actor.token), ...headers }, ...(payload ? { payload } : {}) });
}

beforeAll(async () => {
  hub = await startTestHub();
  [clinic, morning] = await Promise.all([bookableClinic(hub), bookableClinic(hub, zone)]);
  other = await patient(hub);
  const { admin } = clinic;
  const doctorId = clinic.doctor.doctorId!;
  const morningDoctorId = morning.doctor.doctorId!;

  expectStatus(
    await post(admin, '/api/appointment-types', { key: 'long-visit', name: 'Long visit', durationMinutes: 30 }),
    201,
    'appointment type',
  );
  fx.taken = expectStatus(
    await post(admin, '/api/appointments', { doctorId, patientId: other.patientId, startAt: at(2, '10:00') }),
    201,
    'taken',
  ).id!;
  fx.long = expectStatus(
    await post(admin, '/api/appointments', { doctorId, patientId: other.patientId, startAt: at(2, '14:00'), type: 'long-visit' }),
    201,
    'long',
  ).id!;
  fx.cancelled = expectStatus(
    await post(admin, '/api/appointments', { doctorId, patientId: other.patientId, startAt: at(4, '10:00') }),
    201,
    'cancelled',
  ).id!;
  expectStatus(await post(admin, `/api/appointments/${fx.cancelled}/cancel`, { reason: 'Fixture' }), 200, 'cancel');
  fx.own = expectStatus(await post(clinic.patient, '/api/appointments', { doctorId, startAt: at(5, '10:00') }), 201, 'own').id!;
  // A second one of their own: the patient is now at the location's limit with this doctor (2 by default).
  expectStatus(await post(clinic.patient, '/api/appointments', { doctorId, startAt: at(5, '10:15') }), 201, 'own, second');
  // The first use of the key that a case below reuses for a different body.
  expectStatus(
    await post(
      admin,
      '/api/appointments',
      { doctorId, patientId: other.patientId, startAt: at(3, '11:00') },
      { 'idempotency-key': REUSED_KEY },
    ),
    201,
    'idempotent booking',
  );

  // By the desk: the other patient has more upcoming visits with this doctor than they may book (or hold) themselves.
  fx.hold = expectStatus(
    await post(admin, `/api/doctors/${doctorId}/holds`, { patientId: other.patientId, startAt: at(8, '10:00') }),
    201,
    'hold',
  ).id!;

  fx.walkIn = expectStatus(
    await post(morning.receptionist, '/api/walk-ins', { doctorId: morningDoctorId, patientId: other.patientId }),
    201,
    'walk-in',
  ).id!;
  fx.cancelledToday = expectStatus(
    await post(admin, '/api/appointments', {
      doctorId: morningDoctorId,
      patientId: morning.patient.patientId,
      startAt: todayAt(offsetHours, '15:00'),
    }),
    201,
    'cancelled today',
  ).id!;
  expectStatus(await post(admin, `/api/appointments/${fx.cancelledToday}/cancel`), 200, 'cancel today');
  fx.soon = expectStatus(
    await post(morning.patient, '/api/appointments', { doctorId: morningDoctorId, startAt: todayAt(offsetHours, '16:00') }),
    201,
    'soon',
  ).id!;
  // Booked a while ago: past the grace in which its patient may still undo the booking (cutoff.ts).
  await hub.app.db
    .update(appointments)
    .set({ createdAt: new Date(Date.now() - 11 * 60_000) })
    .where(eq(appointments.id, fx.soon));

  // Fixtures' events are published (published_at set) before the snapshot, not during the table.
  await hub.app.live.publishSoon();
  before = await checksums();
});
afterAll(() => hub.close());

type Caller = 'admin' | 'receptionist' | 'doctor' | 'patient' | 'morningPatient';

interface Case {
  name: string;
  method?: 'GET' | 'POST' | 'DELETE';
  url: () => string;
  body?: () => unknown;
  headers?: Record<string, string>;
  /** Who calls; admin unless told. */
  as?: Caller;
  status: number;
  code: string;
  /** More of the error body that must match. */
  more?: Record<string, unknown>;
}

const doc = () => clinic.doctor.doctorId!;
const morningDoc = () => morning.doctor.doctorId!;
const book = (over: Record<string, unknown> = {}) => ({
  doctorId: doc(),
  patientId: clinic.patient.patientId,
  startAt: at(2, '11:00'),
  ...over,
});
const availability =
  (query: string, doctorId = doc) =>
  () =>
    `/api/doctors/${doctorId()}/availability?${query}`;
const appt =
  (id: keyof typeof fx, action = '') =>
  () =>
    `/api/appointments/${fx[id]}${action ? `/${action}` : ''}`;
const FROM = '2030-01-07';

const CASES: Case[] = [
  // Booking: the time itself
  {
    name: 'book: start in the past',
    url: () => '/api/appointments',
    body: () => book({ startAt: at(-1, '10:00') }),
    status: 400,
    code: 'SLOT_IN_PAST',
  },
  {
    name: 'book: 10:05 is off the 15-minute grid',
    url: () => '/api/appointments',
    body: () => book({ startAt: at(2, '10:05') }),
    status: 400,
    code: 'SLOT_NOT_ON_GRID',
  },
  {
    name: 'book: 19:00 is after hours',
    url: () => '/api/appointments',
    body: () => book({ startAt: at(2, '19:00') }),
    status: 409,
    code: 'SLOT_UNAVAILABLE',
  },
  {
    name: 'book: 07:45 is before hours',
    url: () => '/api/appointments',
    body: () => book({ startAt: at(2, '07:45') }),
    status: 409,
    code: 'SLOT_UNAVAILABLE',
  },
  {
    name: 'book: 12:30 is in the lunch break',
    url: () => '/api/appointments',
    body: () => book({ startAt: at(2, '12:30') }),
    status: 409,
    code: 'SLOT_UNAVAILABLE',
  },
  {
    name: 'book: a 30-minute visit at 11:45 runs into lunch',
    url: () => '/api/appointments',
    body: () => book({ startAt: at(2, '11:45'), type: 'long-visit' }),
    status: 409,
    code: 'SLOT_UNAVAILABLE',
  },
  {
    name: 'book: the slot another patient booked',
    url: () => '/api/appointments',
    body: () => book({ startAt: at(2, '10:00') }),
    status: 409,
    code: 'SLOT_UNAVAILABLE',
  },
  {
    name: 'book: patient books the taken slot themself',
    as: 'patient',
    url: () => '/api/appointments',
    body: () => ({ doctorId: doc(), startAt: at(2, '10:00') }),
    status: 409,
    code: 'SLOT_UNAVAILABLE',
  },
  {
    name: 'book: 14:15 overlaps a 30-minute visit at 14:00',
    url: () => '/api/appointments',
    body: () => book({ startAt: at(2, '14:15') }),
    status: 409,
    code: 'SLOT_UNAVAILABLE',
  },
  {
    name: 'book: a 30-minute visit at 09:45 overlaps the one at 10:00',
    url: () => '/api/appointments',
    body: () => book({ startAt: at(2, '09:45'), type: 'long-visit' }),
    status: 409,
    code: 'SLOT_UNAVAILABLE',
  },
  {
    name: 'book: year 9999',
    url: () => '/api/appointments',
    body: () => book({ startAt: '9999-12-31T10:00:00Z' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'book: startAt is not an instant',
    url: () => '/api/appointments',
    body: () => book({ startAt: 'tomorrow 10am' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'book: startAt is a query object',
    url: () => '/api/appointments',
    body: () => book({ startAt: { $gt: '' } }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  // Booking: who and what
  {
    name: 'book: unknown doctor',
    url: () => '/api/appointments',
    body: () => book({ doctorId: UNKNOWN_ID }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'book: malformed doctor id',
    url: () => '/api/appointments',
    body: () => book({ doctorId: '42' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'book: doctorId is a query object',
    url: () => '/api/appointments',
    body: () => book({ doctorId: { $gt: '' } }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'book: unknown patient',
    url: () => '/api/appointments',
    body: () => book({ patientId: UNKNOWN_ID }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'book: staff without a patientId',
    url: () => '/api/appointments',
    body: () => book({ patientId: undefined }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'book: unknown appointment type',
    url: () => '/api/appointments',
    body: () => book({ type: 'no-such-type' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'book: type key with capitals',
    url: () => '/api/appointments',
    body: () => book({ type: 'Long-Visit' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'book: patient past their limit of upcoming visits with one doctor (2 by default)',
    as: 'patient',
    url: () => '/api/appointments',
    body: () => ({ doctorId: doc(), startAt: at(9, '10:00') }),
    status: 409,
    code: 'VISIT_LIMIT_REACHED',
    more: { limit: 'patientMaxUpcomingVisitsPerDoctor', max: 2 },
  },
  {
    name: 'book: patient books for another patient',
    as: 'patient',
    url: () => '/api/appointments',
    body: () => book({ patientId: other.patientId }),
    status: 403,
    code: 'FORBIDDEN',
  },
  {
    name: 'book: patient tries to overbook',
    as: 'patient',
    url: () => '/api/appointments',
    body: () => ({ doctorId: doc(), startAt: at(2, '10:00'), overbook: { reason: 'I really need it' } }),
    status: 403,
    code: 'FORBIDDEN',
  },
  {
    name: 'book: overbook reason too short',
    url: () => '/api/appointments',
    body: () => book({ startAt: at(2, '10:00'), overbook: { reason: 'ab' } }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'book: overbook reason of blanks',
    url: () => '/api/appointments',
    body: () => book({ startAt: at(2, '10:00'), overbook: { reason: '    ' } }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'book: unknown field in overbook',
    url: () => '/api/appointments',
    body: () => book({ startAt: at(2, '10:00'), overbook: { reason: 'Urgent case', silent: true } }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'book: unknown field (status)',
    url: () => '/api/appointments',
    body: () => book({ status: 'completed' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'book: 501-character reason',
    url: () => '/api/appointments',
    body: () => book({ reason: 'x'.repeat(501) }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'book: Idempotency-Key reused for a different body',
    url: () => '/api/appointments',
    body: () => ({ doctorId: doc(), patientId: other.patientId, startAt: at(3, '11:15') }),
    headers: { 'idempotency-key': REUSED_KEY },
    status: 422,
    code: 'IDEMPOTENCY_KEY_REUSED',
  },
  {
    name: 'book: malformed Idempotency-Key',
    url: () => '/api/appointments',
    body: () => book(),
    headers: { 'idempotency-key': 'no spaces!' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'walk-in: Idempotency-Key of a booking reused',
    url: () => '/api/walk-ins',
    body: () => ({ doctorId: morningDoc(), patientId: other.patientId }),
    headers: { 'idempotency-key': REUSED_KEY },
    status: 422,
    code: 'IDEMPOTENCY_KEY_REUSED',
  },
  // Weekly bookings
  {
    name: 'weekly: patient books for another patient',
    as: 'patient',
    url: () => '/api/appointments/weekly',
    body: () => ({ ...book({ patientId: other.patientId }), occurrences: 2 }),
    status: 403,
    code: 'FORBIDDEN',
  },
  {
    name: 'weekly: patient asks for more weeks than the location lets patients book (4 by default)',
    as: 'patient',
    url: () => '/api/appointments/weekly',
    body: () => ({ doctorId: doc(), startAt: at(9, '10:00'), occurrences: 5 }),
    status: 409,
    code: 'VISIT_LIMIT_REACHED',
    more: { limit: 'patientMaxSeriesWeeks', max: 4 },
  },
  {
    name: 'weekly: 1 occurrence',
    url: () => '/api/appointments/weekly',
    body: () => ({ ...book(), occurrences: 1 }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'weekly: 13 occurrences',
    url: () => '/api/appointments/weekly',
    body: () => ({ ...book(), occurrences: 13 }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'weekly: occurrences as a string',
    url: () => '/api/appointments/weekly',
    body: () => ({ ...book(), occurrences: '3' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'weekly: first week taken → nothing booked',
    url: () => '/api/appointments/weekly',
    body: () => ({ ...book({ startAt: at(2, '10:00') }), occurrences: 3 }),
    status: 409,
    code: 'SLOT_UNAVAILABLE',
    more: { conflicts: [expect.objectContaining({ startAt: new Date(at(2, '10:00')).toISOString(), code: 'SLOT_UNAVAILABLE' })] },
  },
  {
    name: 'weekly: starts in the past',
    url: () => '/api/appointments/weekly',
    body: () => ({ ...book({ startAt: at(-1, '10:00') }), occurrences: 2 }),
    status: 409,
    code: 'SLOT_UNAVAILABLE',
    more: { conflicts: [expect.objectContaining({ code: 'SLOT_IN_PAST' })] },
  },
  // Availability
  {
    name: 'availability: to before from',
    method: 'GET',
    url: availability('from=2030-01-10&to=2030-01-05'),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'availability: ten years',
    method: 'GET',
    url: availability('from=2030-01-01&to=2040-01-01'),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  { name: 'availability: 32 days', method: 'GET', url: availability(`from=${FROM}&to=2030-02-07`), status: 400, code: 'VALIDATION_FAILED' },
  {
    name: 'availability: 2026-02-30',
    method: 'GET',
    url: availability('from=2026-02-30&to=2026-03-02'),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'availability: month 13',
    method: 'GET',
    url: availability('from=2030-13-01&to=2030-13-02'),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'availability: "tomorrow"',
    method: 'GET',
    url: availability(`from=tomorrow&to=${FROM}`),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'availability: an instant for a date',
    method: 'GET',
    url: availability(`from=2030-01-07T00:00:00Z&to=${FROM}`),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  { name: 'availability: to missing', method: 'GET', url: availability(`from=${FROM}`), status: 400, code: 'VALIDATION_FAILED' },
  {
    name: 'availability: unknown parameter',
    method: 'GET',
    url: availability(`from=${FROM}&to=${FROM}&all=1`),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'availability: operator in a parameter',
    method: 'GET',
    url: availability(`from[$gt]=&to=${FROM}`),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'availability: unknown type',
    method: 'GET',
    url: availability(`from=${FROM}&to=${FROM}&type=no-such-type`),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'availability: unknown doctor',
    method: 'GET',
    url: availability(`from=${FROM}&to=${FROM}`, () => UNKNOWN_ID),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'availability: malformed doctor id',
    method: 'GET',
    url: availability(`from=${FROM}&to=${FROM}`, () => 'dr-who'),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  // Reading appointments
  { name: 'get: malformed id', method: 'GET', url: () => '/api/appointments/123', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'get: unknown id', method: 'GET', url: () => `/api/appointments/${UNKNOWN_ID}`, status: 404, code: 'NOT_FOUND' },
  { name: "get: another patient's appointment", method: 'GET', as: 'patient', url: appt('taken'), status: 403, code: 'FORBIDDEN' },
  { name: 'list: unknown status', method: 'GET', url: () => '/api/appointments?status=done', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'list: limit 1000', method: 'GET', url: () => '/api/appointments?limit=1000', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'list: offset -1', method: 'GET', url: () => '/api/appointments?offset=-1', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'list: date 2026-02-30', method: 'GET', url: () => '/api/appointments?date=2026-02-30', status: 400, code: 'VALIDATION_FAILED' },
  {
    name: 'list: operator in doctorId',
    method: 'GET',
    url: () => '/api/appointments?doctorId[$ne]=x',
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'list: malformed patientId',
    method: 'GET',
    url: () => '/api/appointments?patientId=1%20OR%201=1',
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: "list: patient asks for another patient's",
    method: 'GET',
    as: 'patient',
    url: () => `/api/appointments?patientId=${other.patientId}`,
    status: 403,
    code: 'FORBIDDEN',
  },
  // Another patient's appointment
  {
    name: "cancel: another patient's appointment",
    as: 'patient',
    url: appt('taken', 'cancel'),
    body: () => ({}),
    status: 403,
    code: 'FORBIDDEN',
  },
  { name: "confirm: another patient's appointment", as: 'patient', url: appt('taken', 'confirm'), status: 403, code: 'FORBIDDEN' },
  {
    name: "reschedule: another patient's appointment",
    as: 'patient',
    url: appt('taken', 'reschedule'),
    body: () => ({ startAt: at(6, '10:00') }),
    status: 403,
    code: 'FORBIDDEN',
  },
  // Rescheduling
  {
    name: 'reschedule: into a taken slot',
    as: 'patient',
    url: appt('own', 'reschedule'),
    body: () => ({ startAt: at(2, '10:00') }),
    status: 409,
    code: 'SLOT_UNAVAILABLE',
  },
  {
    name: 'reschedule: into the past',
    as: 'patient',
    url: appt('own', 'reschedule'),
    body: () => ({ startAt: at(-1, '10:00') }),
    status: 400,
    code: 'SLOT_IN_PAST',
  },
  {
    name: 'reschedule: off the grid',
    as: 'patient',
    url: appt('own', 'reschedule'),
    body: () => ({ startAt: at(6, '10:05') }),
    status: 400,
    code: 'SLOT_NOT_ON_GRID',
  },
  {
    name: 'reschedule: into the lunch break',
    url: appt('own', 'reschedule'),
    body: () => ({ startAt: at(6, '12:15') }),
    status: 409,
    code: 'SLOT_UNAVAILABLE',
  },
  {
    name: 'reschedule: unknown type',
    url: appt('own', 'reschedule'),
    body: () => ({ startAt: at(6, '10:00'), type: 'no-such-type' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'reschedule: unknown field',
    url: appt('own', 'reschedule'),
    body: () => ({ startAt: at(6, '10:00'), doctorId: doc() }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'reschedule: a checked-in walk-in',
    url: appt('walkIn', 'reschedule'),
    body: () => ({ startAt: at(6, '10:00') }),
    status: 409,
    code: 'INVALID_TRANSITION',
  },
  {
    name: 'reschedule: a cancelled visit',
    url: appt('cancelled', 'reschedule'),
    body: () => ({ startAt: at(6, '10:00') }),
    status: 409,
    code: 'INVALID_TRANSITION',
  },
  {
    name: 'reschedule: unknown appointment',
    url: () => `/api/appointments/${UNKNOWN_ID}/reschedule`,
    body: () => ({ startAt: at(6, '10:00') }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'reschedule: patient inside the cut-off',
    as: 'morningPatient',
    url: appt('soon', 'reschedule'),
    body: () => ({ startAt: todayAt(offsetHours, '17:00') }),
    status: 409,
    code: 'CHANGE_CUTOFF_PASSED',
    more: { cutoffHours: 24 },
  },
  // Cancelling
  {
    name: 'cancel: patient inside the 24 h cut-off',
    as: 'morningPatient',
    url: appt('soon', 'cancel'),
    body: () => ({}),
    status: 409,
    code: 'CHANGE_CUTOFF_PASSED',
  },
  { name: 'cancel: already cancelled', url: appt('cancelled', 'cancel'), body: () => ({}), status: 409, code: 'INVALID_TRANSITION' },
  { name: 'check-in: a cancelled visit on another day', url: appt('cancelled', 'check-in'), status: 409, code: 'INVALID_TRANSITION' },
  {
    name: 'cancel: 201-character reason',
    url: appt('own', 'cancel'),
    body: () => ({ reason: 'x'.repeat(201) }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'cancel: reason is a query object',
    url: appt('own', 'cancel'),
    body: () => ({ reason: { $gt: '' } }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'cancel: unknown field',
    url: appt('own', 'cancel'),
    body: () => ({ reason: 'x', notify: false }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  { name: 'cancel: unknown appointment', url: () => `/api/appointments/${UNKNOWN_ID}/cancel`, status: 404, code: 'NOT_FOUND' },
  // The state machine
  {
    name: 'start: a scheduled visit',
    url: appt('taken', 'start'),
    status: 409,
    code: 'INVALID_TRANSITION',
    more: { from: 'scheduled', action: 'start' },
  },
  {
    name: 'complete: a checked-in visit',
    url: appt('walkIn', 'complete'),
    status: 409,
    code: 'INVALID_TRANSITION',
    more: { from: 'checked_in' },
  },
  {
    name: 'confirm: a cancelled visit',
    url: appt('cancelled', 'confirm'),
    status: 409,
    code: 'INVALID_TRANSITION',
    more: { from: 'cancelled' },
  },
  {
    name: 'check-in: a cancelled visit',
    url: appt('cancelledToday', 'check-in'),
    status: 409,
    code: 'INVALID_TRANSITION',
    more: { from: 'cancelled' },
  },
  { name: 'check-in: a checked-in walk-in again', url: appt('walkIn', 'check-in'), status: 409, code: 'INVALID_TRANSITION' },
  { name: 'no-show: a cancelled visit', url: appt('cancelled', 'no-show'), status: 409, code: 'INVALID_TRANSITION' },
  { name: 'check-in: a visit two days ahead', url: appt('taken', 'check-in'), status: 409, code: 'CHECK_IN_NOT_TODAY' },
  {
    name: 'confirm: a body with fields',
    url: appt('own', 'confirm'),
    body: () => ({ status: 'confirmed' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  { name: 'start: malformed id', url: () => '/api/appointments/abc/start', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'complete: unknown appointment', url: () => `/api/appointments/${UNKNOWN_ID}/complete`, status: 404, code: 'NOT_FOUND' },
  // The queue
  { name: 'call-next: nobody waiting', url: () => `/api/doctors/${doc()}/queue/call-next`, status: 409, code: 'QUEUE_EMPTY' },
  { name: 'call-next: unknown doctor', url: () => `/api/doctors/${UNKNOWN_ID}/queue/call-next`, status: 404, code: 'NOT_FOUND' },
  { name: 'call-next: malformed doctor id', url: () => '/api/doctors/me/queue/call-next', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'queue: unknown doctor', method: 'GET', url: () => `/api/doctors/${UNKNOWN_ID}/queue`, status: 404, code: 'NOT_FOUND' },
  { name: 'queue: malformed doctor id', method: 'GET', url: () => '/api/doctors/me/queue', status: 400, code: 'VALIDATION_FAILED' },
  // Walk-ins
  {
    name: 'walk-in: unknown patient',
    url: () => '/api/walk-ins',
    body: () => ({ doctorId: morningDoc(), patientId: UNKNOWN_ID }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'walk-in: unknown doctor',
    url: () => '/api/walk-ins',
    body: () => ({ doctorId: UNKNOWN_ID, patientId: other.patientId }),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'walk-in: priority "asap"',
    url: () => '/api/walk-ins',
    body: () => ({ doctorId: morningDoc(), patientId: other.patientId, priority: 'asap' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'walk-in: patientId missing',
    url: () => '/api/walk-ins',
    body: () => ({ doctorId: morningDoc() }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'walk-in: unknown field (ticket)',
    url: () => '/api/walk-ins',
    body: () => ({ doctorId: morningDoc(), patientId: other.patientId, ticket: 'A-001' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'walk-in: allowDuplicate as a string',
    url: () => '/api/walk-ins',
    body: () => ({ doctorId: morningDoc(), patientId: other.patientId, allowDuplicate: 'true' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'walk-in: the patient is in the queue already',
    url: () => '/api/walk-ins',
    body: () => ({ doctorId: morningDoc(), patientId: other.patientId }),
    status: 409,
    code: 'DUPLICATE_VISIT',
    more: { details: expect.objectContaining({ status: 'checked_in', ticket: expect.any(String) }) },
  },
  // Holds
  {
    name: 'hold: start in the past',
    as: 'patient',
    url: () => `/api/doctors/${doc()}/holds`,
    body: () => ({ startAt: at(-1, '10:00') }),
    status: 400,
    code: 'SLOT_IN_PAST',
  },
  {
    name: 'hold: the taken slot',
    as: 'patient',
    url: () => `/api/doctors/${doc()}/holds`,
    body: () => ({ startAt: at(2, '10:00') }),
    status: 409,
    code: 'SLOT_UNAVAILABLE',
  },
  {
    name: 'hold: patient already at the visit limit with this doctor',
    as: 'patient',
    url: () => `/api/doctors/${doc()}/holds`,
    body: () => ({ startAt: at(9, '11:00') }),
    status: 409,
    code: 'VISIT_LIMIT_REACHED',
    more: { limit: 'patientMaxUpcomingVisitsPerDoctor', max: 2 },
  },
  {
    name: 'hold: for another patient',
    as: 'patient',
    url: () => `/api/doctors/${doc()}/holds`,
    body: () => ({ patientId: other.patientId, startAt: at(8, '11:00') }),
    status: 403,
    code: 'FORBIDDEN',
  },
  {
    name: 'hold: unknown field',
    as: 'patient',
    url: () => `/api/doctors/${doc()}/holds`,
    body: () => ({ startAt: at(8, '11:00'), minutes: 60 }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: "hold: release another patient's hold",
    as: 'patient',
    method: 'DELETE',
    url: () => `/api/holds/${fx.hold}`,
    status: 403,
    code: 'FORBIDDEN',
  },
  {
    name: 'book: the slot another patient is holding',
    as: 'patient',
    url: () => '/api/appointments',
    body: () => ({ doctorId: doc(), startAt: at(8, '10:00') }),
    status: 409,
    code: 'SLOT_UNAVAILABLE',
  },
  { name: 'hold: unknown hold', method: 'DELETE', url: () => `/api/holds/${UNKNOWN_ID}`, status: 404, code: 'NOT_FOUND' },
  // Appointment types
  {
    name: 'appointment type: key taken',
    url: () => '/api/appointment-types',
    body: () => ({ key: 'long-visit', name: 'Again', durationMinutes: 30 }),
    status: 409,
    code: 'CONFLICT',
  },
  {
    name: 'appointment type: 3 minutes',
    url: () => '/api/appointment-types',
    body: () => ({ key: 'tiny', name: 'Tiny', durationMinutes: 3 }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
];

function callerOf(who: Caller): Actor {
  if (who === 'morningPatient') return morning.patient;
  return clinic[who];
}

describe('scheduling: bad input', () => {
  it('has at least 35 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(35);
  });

  it.each(CASES)('$name → $status $code', async (c) => {
    const body = c.body?.();
    const headers: Record<string, string> = { ...bearer(callerOf(c.as ?? 'admin').token), ...c.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await hub.app.inject({
      method: c.method ?? 'POST',
      url: c.url(),
      headers,
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(c.status);
    const json = res.json();
    expect(json).toMatchObject({ statusCode: c.status, code: c.code, ...c.more });
    expect(typeof json.error).toBe('string');
    expect(typeof json.message).toBe('string');
    expect(json).not.toHaveProperty('stack');
    expect(res.body).not.toMatch(/\.(ts|js):\d+/); // no stack frames
  });

  it('wrote nothing', async () => {
    expect(await checksums()).toBe(before);
  });
});
