// The medical record's test helpers: a nurse login made the way an admin makes one (POST /api/users
// with locationIds), a checked-in visit (a walk-in), and requests against the record's routes.
import { type Actor, bearer, login, PASSWORD } from './factories.js';
import type { TestHub } from './test-hub.js';

let counter = 0;

/** A nurse of these locations, created by `admin` over the API and signed in. */
export async function nurse(hub: TestHub, admin: Actor, locationIds: string[]): Promise<Actor> {
  const email = `nurse.${Date.now().toString(36)}${(counter++).toString(36)}@test.example`;
  const res = await hub.app.inject({
    method: 'POST',
    url: '/api/users',
    headers: bearer(admin.token),
    payload: { email, password: PASSWORD, role: 'nurse', firstName: 'Nina', lastName: 'Nurse', locationIds },
  });
  if (res.statusCode !== 201) throw new Error(`nurse: ${res.statusCode} ${res.body}`);
  const tokens = await login(hub, email);
  return { role: 'nurse', token: tokens.accessToken, refreshToken: tokens.refreshToken, email, userId: res.json().id };
}

/** A walk-in of the patient with the doctor, checked in at once (today's queue); its appointment id. */
export async function checkedInVisit(hub: TestHub, receptionist: Actor, doctorId: string, patientId: string): Promise<string> {
  const res = await hub.app.inject({
    method: 'POST',
    url: '/api/walk-ins',
    headers: bearer(receptionist.token),
    payload: { doctorId, patientId, allowDuplicate: true },
  });
  if (res.statusCode !== 201) throw new Error(`walk-in: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

/** A request as `actor` (headers may add X-Access-Reason). */
export function asActor(hub: TestHub, actor: Actor) {
  return (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers: Record<string, string> = {}) =>
    hub.app.inject({ method, url, headers: { ...bearer(actor.token), ...headers }, ...(payload ? { payload } : {}) });
}

/** Audit entries are written just after each response: wait (bounded, no sleep) until this one's is. */
export async function auditSettled(hub: TestHub, res: { headers: Record<string, unknown> }): Promise<void> {
  const requestId = String(res.headers['x-request-id']);
  for (let i = 0; i < 500; i++) {
    if (await hub.app.audit.entries.findOne({ requestId })) return;
    await hub.app.redis.ping();
  }
  throw new Error(`no audit entry for request ${requestId}`);
}
