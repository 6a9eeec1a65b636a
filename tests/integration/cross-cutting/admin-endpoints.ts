// The access matrix's rows for the admin console's routes (issue 19): every one is the admins'
// alone (a doctor's time off is read by the desk and that doctor too, as before).
import type { Endpoint } from '../../support/access-matrix.js';
import type { Actor } from '../../support/factories.js';
import type { TestHub } from '../../support/test-hub.js';

export interface AdminWorld {
  doctorId: string;
  locationId: string;
}

export async function adminWorld(_hub: TestHub, parties: { admin: Actor; doctor: Actor; location: { id: string } }): Promise<AdminWorld> {
  return { doctorId: parties.doctor.doctorId!, locationId: parties.location.id };
}

let n = 0;

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
  ];
}
