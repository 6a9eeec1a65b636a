// The access matrix's rows for the admin console's routes (issue 19): every one is the admins'
// alone (a doctor's time off is read by the desk and that doctor too, as before).
import type { Endpoint } from '../../support/access-matrix.js';
import { type Actor, bearer, PASSWORD } from '../../support/factories.js';
import { nurse } from '../../support/record.js';
import type { TestHub } from '../../support/test-hub.js';

export interface AdminWorld {
  doctorId: string;
  locationId: string;
  /** A time off of the doctor, to edit. */
  timeOffId: string;
  /** A fresh time off of the doctor, for each caller that removes one. */
  timeOff: () => Promise<string>;
  /** A receptionist who is none of the matrix's callers: renamed and given new passwords. */
  staffId: string;
  /** A nurse of the location, whose locations are set. */
  nurseId: string;
  /** An appointment type to retire and bring back. */
  typeId: string;
}

let n = 0;

export async function adminWorld(hub: TestHub, parties: { admin: Actor; doctor: Actor; location: { id: string } }): Promise<AdminWorld> {
  const send = async (method: 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await hub.app.inject({ method, url, headers: bearer(parties.admin.token), ...(payload ? { payload } : {}) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const doctorId = parties.doctor.doctorId!;
  const timeOff = async () => {
    const day = 10 + (n++ % 300);
    const start = new Date(Date.UTC(2031, 0, day));
    const { id } = await send('POST', `/api/doctors/${doctorId}/unavailability`, {
      startAt: start.toISOString(),
      endAt: new Date(start.getTime() + 3_600_000).toISOString(),
    });
    return id as string;
  };
  const staff = await send('POST', '/api/users', {
    email: `matrix.staff.${Date.now().toString(36)}@test.example`,
    password: PASSWORD,
    role: 'receptionist',
    firstName: 'Matrix',
    lastName: 'Staff',
  });
  const { userId: nurseId } = await nurse(hub, parties.admin, [parties.location.id]);
  const type = await send('POST', '/api/appointment-types', {
    key: `matrix-${Date.now().toString(36)}`,
    name: 'Matrix',
    durationMinutes: 20,
  });
  return {
    doctorId,
    locationId: parties.location.id,
    timeOffId: await timeOff(),
    timeOff,
    staffId: staff.id,
    nurseId: nurseId!,
    typeId: type.id,
  };
}

export function adminEndpoints(world: () => AdminWorld): Endpoint[] {
  return [
    {
      name: 'GET /api/doctors (deactivated ones too)',
      method: 'GET',
      url: () => '/api/doctors?includeInactive=true',
      allowed: ['admin'],
    },
    {
      name: 'PATCH /api/doctors/:id (profile)',
      method: 'PATCH',
      url: () => `/api/doctors/${world().doctorId}`,
      body: () => ({ bio: `Matrix ${n++}`, languages: ['en'], licenseExpiresOn: '2031-01-31' }),
      allowed: ['admin'],
    },
    {
      name: 'PATCH /api/unavailability/:id',
      method: 'PATCH',
      url: () => `/api/unavailability/${world().timeOffId}`,
      body: () => ({ reason: `Matrix ${n++}` }),
      allowed: ['admin'],
    },
    {
      name: 'DELETE /api/unavailability/:id',
      method: 'DELETE',
      url: async () => `/api/unavailability/${await world().timeOff()}`,
      allowed: ['admin'],
    },
    {
      name: 'POST /api/doctors/:id/unavailability/affected',
      method: 'POST',
      url: () => `/api/doctors/${world().doctorId}/unavailability/affected`,
      body: () => ({ startAt: '2031-01-01T00:00:00.000Z', endAt: '2031-02-01T00:00:00.000Z', excludeId: world().timeOffId }),
      allowed: ['admin'],
    },
    {
      name: 'GET /api/users (at a location)',
      method: 'GET',
      url: () => `/api/users?locationId=${world().locationId}&role=nurse`,
      allowed: ['admin'],
    },
    {
      name: 'PATCH /api/users/:id',
      method: 'PATCH',
      url: () => `/api/users/${world().staffId}`,
      body: () => ({ firstName: `Matrix ${n++}`, active: true }),
      allowed: ['admin'],
    },
    {
      name: 'PUT /api/users/:id/locations',
      method: 'PUT',
      url: () => `/api/users/${world().nurseId}/locations`,
      body: () => ({ locationIds: [world().locationId] }),
      allowed: ['admin'],
    },
    {
      name: 'POST /api/users/:id/password',
      method: 'POST',
      url: () => `/api/users/${world().staffId}/password`,
      body: () => ({ password: `matrix password ${n++}` }),
      allowed: ['admin'],
    },
    {
      name: 'GET /api/audit (filtered)',
      method: 'GET',
      url: () => `/api/audit?action=PATCH&targetType=doctors&patientId=${world().doctorId}`,
      allowed: ['admin'],
    },
    {
      name: 'GET /api/audit/export.csv',
      method: 'GET',
      url: () => '/api/audit/export.csv?targetType=doctors',
      allowed: ['admin'],
    },
    {
      name: 'GET /api/system-logs',
      method: 'GET',
      url: () => '/api/system-logs?source=jobs&level=error&limit=10',
      allowed: ['admin'],
    },
    {
      name: 'GET /api/locations (deactivated ones too)',
      method: 'GET',
      url: () => '/api/locations?includeInactive=true',
      allowed: ['admin'],
    },
    {
      name: 'PATCH /api/locations/:id (active)',
      method: 'PATCH',
      url: () => `/api/locations/${world().locationId}`,
      body: () => ({ active: true, boardShowsInitials: true }),
      allowed: ['admin'],
    },
    {
      name: 'GET /api/appointment-types (retired ones too)',
      method: 'GET',
      url: () => '/api/appointment-types?includeInactive=true',
      allowed: ['admin'],
    },
    {
      name: 'PATCH /api/appointment-types/:id (active)',
      method: 'PATCH',
      url: () => `/api/appointment-types/${world().typeId}`,
      body: () => ({ active: n++ % 2 === 0 }),
      allowed: ['admin'],
    },
    {
      name: 'GET /api/displays (online)',
      method: 'GET',
      url: () => `/api/displays?locationId=${world().locationId}`,
      allowed: ['admin'],
    },
    {
      name: 'GET /api/locations/:id/staff',
      method: 'GET',
      url: () => `/api/locations/${world().locationId}/staff`,
      allowed: ['admin'],
    },
    {
      name: 'GET /api/locations/:id/today',
      method: 'GET',
      url: () => `/api/locations/${world().locationId}/today`,
      allowed: ['admin'],
    },
  ];
}
