// Patients' phone numbers, stored in E.164 (read in the patient's country or the default), and
// their notification preferences (email, SMS, in-app): who may change them, strict validation, and
// how they appear in the OpenAPI document. The SMS webhook that matches those numbers and turns
// SMS off and on is tested in tests/integration/sms/inbound.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, bearer, login, PASSWORD } from '../../support/factories.js';
import { bookableClinic } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let seq = 0;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await bookableClinic(hub);
});
afterAll(() => hub.close());

const call = (actor: Actor | { token: string }, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });

/** A patient registered by the desk with this phone (as written) and a portal login. */
async function registered(phone: string, extra: Record<string, unknown> = {}) {
  const email = `sms.${Date.now().toString(36)}.${seq++}@test.example`;
  const res = await call(clinic.receptionist, 'POST', '/api/patients', {
    firstName: 'Sam',
    lastName: `Texter${seq}`,
    dateOfBirth: '1985-03-04',
    phone,
    email,
    password: PASSWORD,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  const record = res.json();
  const tokens = await login(hub, email);
  return { id: record.id as string, userId: record.userId as string, phone: record.phone as string, token: tokens.accessToken };
}

describe('phone numbers', () => {
  it('are stored in E.164, read in the patient’s country or the default (US)', async () => {
    const us = await registered('212 555 0101');
    expect(us.phone).toBe('+12125550101');
    const uk = await registered('07911 123456', {
      address: { country: 'GB' },
      emergencyContact: { name: 'Kim', phone: '0044 7400 123456' },
    });
    expect(uk.phone).toBe('+447911123456');
    const record = (await call(clinic.receptionist, 'GET', `/api/patients/${uk.id}`)).json();
    expect(record.emergencyContact).toMatchObject({ name: 'Kim', phone: '+447400123456' });
  });

  it('an invalid number is refused on create with INVALID_PHONE, and nothing is stored', async () => {
    const before = (await call(clinic.receptionist, 'GET', '/api/patients?query=Nonumber')).json().total;
    for (const [body, field] of [
      [{ phone: '+1 555 0100' }, 'phone'],
      [{ phone: '030 12345678' }, 'phone'], // a German number, but the patient has no country and the default is US
      [{ phone: '+1 212 555 0102', emergencyContact: { name: 'E', phone: '123 45' } }, 'emergencyContact.phone'],
    ] as const) {
      const res = await call(clinic.receptionist, 'POST', '/api/patients', {
        firstName: 'No',
        lastName: 'Nonumber',
        dateOfBirth: '1990-01-01',
        ...body,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'INVALID_PHONE', field });
    }
    expect((await call(clinic.receptionist, 'GET', '/api/patients?query=Nonumber')).json().total).toBe(before);
  });

  it('are normalised on update, and an invalid one is refused without changing anything', async () => {
    const p = await registered('+1 212 555 0103');
    const moved = await call(p, 'PATCH', `/api/patients/${p.id}`, { phone: '0049 30 12345678' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().phone).toBe('+493012345678');
    const bad = await call(clinic.receptionist, 'PATCH', `/api/patients/${p.id}`, { phone: '12345', preferredLanguage: 'de' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('INVALID_PHONE');
    const after = (await call(p, 'GET', `/api/patients/${p.id}`)).json();
    expect(after).toMatchObject({ phone: '+493012345678', preferredLanguage: 'en' });
  });

  it('search finds a patient by their number written in another format', async () => {
    const p = await registered('+44 7911 223344');
    for (const query of ['0044 7911 223344', '011 44 7911 223344', '+44 (0)7911 223344']) {
      const found = (await call(clinic.receptionist, 'GET', `/api/patients?query=${encodeURIComponent(query)}`)).json();
      expect(
        found.patients.map((x: { id: string }) => x.id),
        query,
      ).toContain(p.id);
    }
  });
});

describe('notification preferences', () => {
  it('are all on by default and can be set by the desk on create', async () => {
    const plain = await registered('+1 212 555 0104');
    expect((await call(plain, 'GET', `/api/patients/${plain.id}`)).json().notificationPreferences).toEqual({
      email: true,
      sms: true,
      inApp: true,
    });
    const quiet = await registered('+1 212 555 0105', { notificationPreferences: { sms: false, inApp: false } });
    expect((await call(quiet, 'GET', `/api/patients/${quiet.id}`)).json().notificationPreferences).toEqual({
      email: true,
      sms: false,
      inApp: false,
    });
  });

  it('a patient changes their own; channels left out stay as they were', async () => {
    const p = await registered('+1 212 555 0106');
    const res = await call(p, 'PATCH', `/api/patients/${p.id}`, { notificationPreferences: { email: false } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().notificationPreferences).toEqual({ email: false, sms: true, inApp: true });
    const again = await call(p, 'PATCH', `/api/patients/${p.id}`, { notificationPreferences: { inApp: false, email: true } });
    expect(again.json().notificationPreferences).toEqual({ email: true, sms: true, inApp: false });
    expect((await call(clinic.receptionist, 'GET', `/api/patients/${p.id}`)).json().notificationPreferences).toEqual({
      email: true,
      sms: true,
      inApp: false,
    });
  });

  it("staff may change anyone's; a patient not someone else's, a doctor nobody's", async () => {
    const [mine, theirs] = await Promise.all([registered('+1 212 555 0107'), registered('+1 212 555 0108')]);
    const byStaff = await call(clinic.receptionist, 'PATCH', `/api/patients/${theirs.id}`, { notificationPreferences: { sms: false } });
    expect(byStaff.statusCode, byStaff.body).toBe(200);
    expect(byStaff.json().notificationPreferences.sms).toBe(false);

    const byOther = await call(mine, 'PATCH', `/api/patients/${theirs.id}`, { notificationPreferences: { sms: true, email: false } });
    expect(byOther.statusCode).toBe(403);
    expect(byOther.json().code).toBe('FORBIDDEN');
    const byDoctor = await call(clinic.doctor, 'PATCH', `/api/patients/${theirs.id}`, { notificationPreferences: { sms: true } });
    expect(byDoctor.statusCode).toBe(403);
    const anonymous = await hub.app.inject({
      method: 'PATCH',
      url: `/api/patients/${theirs.id}`,
      payload: { notificationPreferences: {} },
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await call(theirs, 'GET', `/api/patients/${theirs.id}`)).json().notificationPreferences).toEqual({
      email: true,
      sms: false,
      inApp: true,
    });
  });

  it('are validated strictly', async () => {
    const p = await registered('+1 212 555 0109');
    for (const body of [
      { notificationPreferences: { sms: 'no' } },
      { notificationPreferences: { push: true } },
      { notificationPreferences: { sms: false }, firstName: 'Renamed' },
      {},
    ]) {
      const res = await call(p, 'PATCH', `/api/patients/${p.id}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await call(p, 'GET', `/api/patients/${p.id}`)).json().notificationPreferences.sms).toBe(true);
  });

  it('appear in the OpenAPI document, with the webhook as a route without bearer auth', async () => {
    const doc = (await hub.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(doc.paths['/api/patients/{id}'].patch).toBeDefined();
    const patch = doc.paths['/api/patients/{id}'].patch;
    const body = patch.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties.notificationPreferences.properties).sort()).toEqual(['email', 'inApp', 'sms']);
    expect(patch.responses['200'].content['application/json'].schema.properties.notificationPreferences).toBeDefined();
    const webhook = doc.paths['/api/sms/inbound'].post;
    expect(webhook.security).toBeUndefined();
    expect(webhook.description).toContain('X-Clinic-Signature');
  });
});
