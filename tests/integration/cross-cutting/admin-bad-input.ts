// The bad-input table's cases for the admin console's routes (issue 19): unknown fields, wrong
// types, out-of-range values, blank text, malformed and unknown ids, a taken licence: each a 4xx
// with a stable code and nothing written. Sent as an admin, the caller who could otherwise succeed.
import type { BadInputCase } from '../../support/bad-input.js';
import { type Actor, bearer, doctor } from '../../support/factories.js';
import { nurse } from '../../support/record.js';
import type { TestHub } from '../../support/test-hub.js';

export interface AdminFixtures {
  doctorId: string;
  /** A time off of the doctor. */
  timeOffId: string;
  /** A receptionist's and a nurse's logins. */
  receptionistId: string;
  nurseId: string;
  locationId: string;
  /** Another doctor's licence number. */
  takenLicense: string;
}

/** A second doctor whose licence the first one cannot take; made before the table's snapshot. */
export async function adminFixtures(
  hub: TestHub,
  parties: { admin: Actor; receptionist: Actor; doctor: Actor; location: { id: string } },
): Promise<AdminFixtures> {
  const { admin } = parties;
  const doctorId = parties.doctor.doctorId!;
  const locationId = parties.location.id;
  const other = await doctor(hub, locationId);
  const res = await hub.app.inject({ method: 'GET', url: `/api/doctors/${other.doctorId}`, headers: bearer(admin.token) });
  const timeOff = await hub.app.inject({
    method: 'POST',
    url: `/api/doctors/${doctorId}/unavailability`,
    headers: bearer(admin.token),
    payload: { startAt: '2031-03-01T08:00:00.000Z', endAt: '2031-03-01T12:00:00.000Z' },
  });
  const { userId: nurseId } = await nurse(hub, admin, [locationId]);
  return {
    doctorId,
    takenLicense: res.json().licenseNumber,
    timeOffId: timeOff.json().id,
    receptionistId: parties.receptionist.userId!,
    nurseId: nurseId!,
    locationId,
  };
}

const UNKNOWN_ID = '01JAAAAAAAAAAAAAAAAAAAAAAA';

export function adminCases(fx: () => AdminFixtures): BadInputCase[] {
  const bad = (name: string, url: string | (() => string), body: unknown, extra: Partial<BadInputCase> = {}): BadInputCase => ({
    name: `admin: ${name}`,
    url,
    body,
    method: 'PATCH',
    status: 400,
    code: 'VALIDATION_FAILED',
    ...extra,
  });
  const doctor = () => `/api/doctors/${fx().doctorId}`;
  const timeOff = () => `/api/unavailability/${fx().timeOffId}`;
  const user =
    (id: () => string, tail = '') =>
    () =>
      `/api/users/${id()}${tail}`;
  const desk = () => fx().receptionistId;
  const affected = () => `/api/doctors/${fx().doctorId}/unavailability/affected`;
  return [
    bad('doctor profile with an empty body', doctor, {}),
    bad('doctor profile with an unknown field', doctor, { bio: 'x', rating: 5 }),
    bad('doctor with no specialty', doctor, { specialties: [] }),
    bad('doctor with eleven specialties', doctor, { specialties: Array.from({ length: 11 }, (_, i) => `Specialty ${i}`) }),
    bad('doctor specialty of spaces', doctor, { specialties: ['Cardiology', '   '] }),
    bad('doctor language that is no tag', doctor, { languages: ['english!'] }),
    bad('doctor languages as a string', doctor, { languages: 'en' }),
    bad('doctor licence expiring in year 0000', doctor, { licenseExpiresOn: '0000-01-01' }),
    bad('doctor licence expiring on 30 February', doctor, { licenseExpiresOn: '2030-02-30' }),
    bad('doctor bio of 2001 characters', doctor, { bio: 'a'.repeat(2001) }),
    bad('doctor active as a string', doctor, { active: 'no' }),
    bad('doctor visits of 0 minutes', doctor, { consultationMinutes: 0 }),
    bad('doctor last name of spaces', doctor, { lastName: '   ' }),
    bad('doctor licence number as an operator object', doctor, { licenseNumber: { $ne: '' } }),
    bad('doctor with another doctor’s licence', doctor, () => ({ licenseNumber: fx().takenLicense, specialties: ['Brand New'] }), {
      status: 409,
      code: 'LICENSE_TAKEN',
    }),
    bad('doctor of a malformed id', '/api/doctors/not-an-id', { bio: 'x' }),
    bad('doctor of an unknown id', `/api/doctors/${UNKNOWN_ID}`, { bio: 'x' }, { status: 404, code: 'NOT_FOUND' }),
    bad('doctors listed with includeInactive=maybe', '/api/doctors?includeInactive=maybe', undefined, { method: 'GET' }),
    bad('time off with an empty body', timeOff, {}),
    bad('time off ending before it starts', timeOff, { endAt: '2031-03-01T07:00:00.000Z' }),
    bad('time off of 367 days', timeOff, { endAt: '2032-03-02T08:00:00.000Z' }),
    bad('time off in year 9999', timeOff, { endAt: '9999-12-31T23:00:00Z' }),
    bad('time off with a reason of 201 characters', timeOff, { reason: 'a'.repeat(201) }),
    bad('time off with an unknown field', timeOff, { reason: 'Leave', cancelVisits: true }),
    bad('time off of an unknown id', `/api/unavailability/${UNKNOWN_ID}`, { reason: 'Leave' }, { status: 404, code: 'NOT_FOUND' }),
    bad('time off removed by a malformed id', '/api/unavailability/not-an-id', undefined, { method: 'DELETE' }),
    bad('time off removed by an unknown id', `/api/unavailability/${UNKNOWN_ID}`, undefined, {
      method: 'DELETE',
      status: 404,
      code: 'NOT_FOUND',
    }),
    bad('affected visits without endAt', affected, { startAt: '2031-03-01T08:00:00.000Z' }, { method: 'POST' }),
    bad(
      'affected visits of a range running backwards',
      affected,
      { startAt: '2031-03-02T08:00:00.000Z', endAt: '2031-03-01T08:00:00.000Z' },
      { method: 'POST' },
    ),
    bad(
      'affected visits excluding an unknown time off',
      affected,
      { startAt: '2031-03-01T08:00:00.000Z', endAt: '2031-03-02T08:00:00.000Z', excludeId: UNKNOWN_ID },
      { method: 'POST', status: 404, code: 'NOT_FOUND' },
    ),
    bad(
      'affected visits of an unknown doctor',
      `/api/doctors/${UNKNOWN_ID}/unavailability/affected`,
      { startAt: '2031-03-01T08:00:00.000Z', endAt: '2031-03-02T08:00:00.000Z' },
      { method: 'POST', status: 404, code: 'NOT_FOUND' },
    ),
    bad('login change with an empty body', user(desk), {}),
    bad('login change of the role', user(desk), { role: 'admin' }),
    bad('login active as a string', user(desk), { active: 'false' }),
    bad('login first name of spaces', user(desk), { firstName: '  ' }),
    bad('login change of a malformed id', '/api/users/not-an-id', { active: true }),
    bad('login change of an unknown id', `/api/users/${UNKNOWN_ID}`, { active: true }, { status: 404, code: 'NOT_FOUND' }),
    bad(
      'locations not a list',
      user(() => fx().nurseId, '/locations'),
      { locationIds: 'all' },
      { method: 'PUT' },
    ),
    bad(
      'locations missing',
      user(() => fx().nurseId, '/locations'),
      {},
      { method: 'PUT' },
    ),
    bad(
      'locations with a malformed id',
      user(() => fx().nurseId, '/locations'),
      { locationIds: ['nowhere'] },
      { method: 'PUT' },
    ),
    bad(
      'locations with an unknown one',
      user(() => fx().nurseId, '/locations'),
      { locationIds: [UNKNOWN_ID] },
      { method: 'PUT', status: 404, code: 'NOT_FOUND' },
    ),
    bad('locations of a receptionist', user(desk, '/locations'), () => ({ locationIds: [fx().locationId] }), { method: 'PUT' }),
    bad(
      'locations, 51 of them',
      user(() => fx().nurseId, '/locations'),
      { locationIds: Array(51).fill(UNKNOWN_ID) },
      { method: 'PUT' },
    ),
    bad('password reset of 9 characters', user(desk, '/password'), { password: 'too short' }, { method: 'POST' }),
    bad('password reset without a password', user(desk, '/password'), {}, { method: 'POST' }),
    bad('password reset with a number', user(desk, '/password'), { password: 1234567890 }, { method: 'POST' }),
    bad('password reset with an extra field', user(desk, '/password'), { password: 'long enough pw', email: 'x@y.z' }, { method: 'POST' }),
    bad(
      'password reset of an unknown login',
      `/api/users/${UNKNOWN_ID}/password`,
      { password: 'long enough pw' },
      {
        method: 'POST',
        status: 404,
        code: 'NOT_FOUND',
      },
    ),
    bad('logins at a malformed location', '/api/users?locationId=somewhere', undefined, { method: 'GET' }),
    bad('audit with an empty action', '/api/audit?action=', undefined, { method: 'GET' }),
    bad('audit with an action of 201 characters', `/api/audit?action=${'a'.repeat(201)}`, undefined, { method: 'GET' }),
    bad('audit with a target type that is no path part', '/api/audit?targetType=Doctors%3B', undefined, { method: 'GET' }),
    bad('audit of a malformed patient id', '/api/audit?patientId=%7B%22%24ne%22%3A1%7D', undefined, { method: 'GET' }),
    bad('audit export with a limit', '/api/audit/export.csv?limit=5', undefined, { method: 'GET' }),
    bad('audit export from a bad date', '/api/audit/export.csv?from=yesterday', undefined, { method: 'GET' }),
    bad('audit export with an unknown filter', '/api/audit/export.csv?$where=1', undefined, { method: 'GET' }),
    bad('system logs of level fatal', '/api/system-logs?level=fatal', undefined, { method: 'GET' }),
    bad('system logs of a source with spaces', '/api/system-logs?source=stripe%20webhook', undefined, { method: 'GET' }),
    bad('system logs, 0 of them', '/api/system-logs?limit=0', undefined, { method: 'GET' }),
    bad('system logs, 501 of them', '/api/system-logs?limit=501', undefined, { method: 'GET' }),
    bad('system logs from year 0000', '/api/system-logs?from=0000-01-01T00:00:00Z', undefined, { method: 'GET' }),
    bad('system logs with an operator filter', '/api/system-logs?source[$ne]=x', undefined, { method: 'GET' }),
    bad('location active as a string', () => `/api/locations/${fx().locationId}`, { active: 'no' }),
    bad('location with a time zone change', () => `/api/locations/${fx().locationId}`, { timezone: 'UTC' }),
    bad('locations listed with includeInactive=2', '/api/locations?includeInactive=2', undefined, { method: 'GET' }),
    bad('appointment type active as a number', `/api/appointment-types/${UNKNOWN_ID}`, { active: 0 }),
    bad('appointment types listed with includeInactive=all', '/api/appointment-types?includeInactive=all', undefined, { method: 'GET' }),
    bad('today of a malformed location', '/api/locations/nowhere/today', undefined, { method: 'GET' }),
    bad('today of an unknown location', `/api/locations/${UNKNOWN_ID}/today`, undefined, { method: 'GET', status: 404, code: 'NOT_FOUND' }),
    bad('today with a parameter', () => `/api/locations/${fx().locationId}/today?date=2026-01-01`, undefined, { method: 'GET' }),
  ];
}
