// A location's measurement units (issue 13: 98.6 was refused in a New York clinic): `units` is
// metric (°C, kg, cm; the default) or us (°F, lb, in), set on create and update, read back by
// everyone who reads locations, audited as clinic set-up; vitals stay stored in °C, kg and cm.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCATIONS } from '../../../scripts/seed/demo-clinic.js';
import { type Actor, bearer, staff } from '../../support/factories.js';
import { auditSettled } from '../../support/record.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let admin: Actor;
let receptionist: Actor;

beforeAll(async () => {
  hub = await startTestHub();
  [admin, receptionist] = await Promise.all([staff(hub, 'admin'), staff(hub, 'receptionist')]);
});
afterAll(() => hub.close());

const call = (actor: Actor, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });
const site = { address: '1 Main Street', phone: '+1 212 555 0100', timezone: 'America/New_York' };

describe('location units', () => {
  it('defaults to metric, takes us on create and update, and reads back everywhere', async () => {
    const metric = await call(admin, 'POST', '/api/locations', { ...site, name: 'Metric Clinic' });
    expect(metric.statusCode).toBe(201);
    expect(metric.json().units).toBe('metric');

    const created = await call(admin, 'POST', '/api/locations', { ...site, name: 'Manhattan Clinic', units: 'us' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.json().units).toBe('us');
    expect((await call(receptionist, 'GET', `/api/locations/${id}`)).json().units).toBe('us');
    const listed = (await call(receptionist, 'GET', '/api/locations')).json().locations;
    expect(listed.find((l: { id: string }) => l.id === id).units).toBe('us');

    const changed = await call(admin, 'PATCH', `/api/locations/${id}`, { units: 'metric' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ units: 'metric', name: 'Manhattan Clinic' });
    await auditSettled(hub, changed); // written after the response, in batches
    expect((await call(admin, 'GET', `/api/locations/${id}`)).json().units).toBe('metric');

    // The change is clinic set-up: the audit keeps the old and new value.
    const [entry] = await hub.app.audit.entries.find({ action: 'PATCH /api/locations/:id', targetId: id }).toArray();
    expect(JSON.stringify(entry)).toContain('units');
  });

  it('refuses anything but metric or us, and only an admin changes it', async () => {
    const id = (await call(admin, 'POST', '/api/locations', { ...site, name: 'Strict Clinic' })).json().id;
    for (const units of ['imperial', 'US', '', 1, null])
      expect((await call(admin, 'PATCH', `/api/locations/${id}`, { units })).json().code).toBe('VALIDATION_FAILED');
    expect((await call(admin, 'POST', '/api/locations', { ...site, name: 'Kelvin Clinic', units: 'kelvin' })).statusCode).toBe(400);
    expect((await call(receptionist, 'PATCH', `/api/locations/${id}`, { units: 'us' })).statusCode).toBe(403);
    expect((await call(admin, 'GET', `/api/locations/${id}`)).json().units).toBe('metric');
  });

  it('the demo clinic’s New York locations use US units', () => {
    for (const location of LOCATIONS) expect(location).toMatchObject({ timezone: 'America/New_York', units: 'us' });
  });
});
