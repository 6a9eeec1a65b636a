// The inbound SMS webhook: replies signed with the shared secret confirm visits (through the real
// lifecycle, outbox event and all) and turn SMS off and on; anything unsigned, stale or altered is
// refused and changes nothing. The phone numbers and SMS preference it matches and changes are
// tested in tests/integration/patients/phones-and-preferences.test.ts.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments, outboxEvents, patients } from '../../../db/schema/index.js';
import { SMS_ACTOR_ID } from '../../../server/modules/sms/inbound-service.js';
import { signWebhook } from '../../../server/modules/sms/signature.js';
import { type Actor, bearer, login, PASSWORD } from '../../support/factories.js';
import { at, bookableClinic } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

const SECRET = 'test-sms-webhook-secret-0123456789';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let seq = 0;

beforeAll(async () => {
  hub = await startTestHub({ SMS_WEBHOOK_SECRET: SECRET });
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

/** A visit booked by the desk, `days` from today at a UTC wall time. */
async function visit(patientId: string, days: number, hhmm: string): Promise<string> {
  const res = await call(clinic.receptionist, 'POST', '/api/appointments', {
    doctorId: clinic.doctor.doctorId,
    patientId,
    startAt: at(days, hhmm),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function statusOf(id: string) {
  const [row] = await hub.app.db.select({ status: appointments.status }).from(appointments).where(eq(appointments.id, id));
  return row?.status;
}

async function smsPrefs(patientId: string) {
  const [row] = await hub.app.db.select({ sms: patients.notifySms }).from(patients).where(eq(patients.id, patientId));
  return row?.sms;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

interface SendOptions {
  /** The exact text sent; defaults to JSON of the payload. */
  raw?: string;
  /** The text that was signed; defaults to what is sent. */
  signedText?: string;
  timestamp?: number | string;
  secret?: string;
  headers?: Record<string, string>;
  omit?: ('timestamp' | 'signature')[];
  target?: TestHub;
}

function sendSms(payload: object, opts: SendOptions = {}) {
  const raw = opts.raw ?? JSON.stringify(payload);
  const timestamp = String(opts.timestamp ?? nowSeconds());
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (!opts.omit?.includes('timestamp')) headers['x-clinic-timestamp'] = timestamp;
  if (!opts.omit?.includes('signature')) {
    headers['x-clinic-signature'] = signWebhook(opts.secret ?? SECRET, timestamp, opts.signedText ?? raw);
  }
  return (opts.target ?? hub).app.inject({
    method: 'POST',
    url: '/api/sms/inbound',
    headers: { ...headers, ...opts.headers },
    payload: raw,
  });
}

describe('POST /api/sms/inbound: replies', () => {
  it('"C" confirms the soonest scheduled future visit through the lifecycle, and nothing else', async () => {
    const anna = await registered('+1 212 555 0120');
    const other = await registered('+1 212 555 0121');
    const past = await visit(anna.id, 1, '08:00');
    // A visit that began yesterday and was never confirmed is not "upcoming".
    await hub.app.db
      .update(appointments)
      .set({ startAt: new Date(Date.now() - 86_400_000), endAt: new Date(Date.now() - 86_400_000 + 900_000) })
      .where(eq(appointments.id, past));
    const alreadyConfirmed = await visit(anna.id, 1, '09:00');
    expect((await call(clinic.receptionist, 'POST', `/api/appointments/${alreadyConfirmed}/confirm`)).statusCode).toBe(200);
    const othersSooner = await visit(other.id, 1, '09:15');
    const next = await visit(anna.id, 2, '09:00');
    const later = await visit(anna.id, 4, '09:00');

    const res = await sendSms({ from: '+12125550120', body: ' c ' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ action: 'confirmed', appointmentId: next });

    expect(await statusOf(next)).toBe('confirmed');
    expect(await statusOf(later)).toBe('scheduled');
    expect(await statusOf(past)).toBe('scheduled');
    expect(await statusOf(othersSooner)).toBe('scheduled');
    const [row] = await hub.app.db.select().from(appointments).where(eq(appointments.id, next));
    expect(row!.confirmedBy).toBe(anna.userId);
    expect(row!.confirmedAt).not.toBeNull();
    const events = await hub.app.db
      .select()
      .from(outboxEvents)
      .where(and(eq(outboxEvents.aggregateId, next), eq(outboxEvents.type, 'appointment.confirmed')));
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({
      appointmentId: next,
      patientId: anna.id,
      from: 'scheduled',
      status: 'confirmed',
      by: anna.userId,
    });
    const audit = await hub.app.audit.entries.findOne({ action: 'sms.confirmed', targetId: next });
    expect(audit).toMatchObject({ actorId: anna.userId, actorRole: 'patient', targetType: 'appointments', outcome: 'ok' });

    // The next reply, written as the provider may send a national number, confirms the next visit.
    const second = await sendSms({ from: '(212) 555-0120', body: 'Yes' });
    expect(second.json()).toEqual({ action: 'confirmed', appointmentId: later });
    expect(await statusOf(later)).toBe('confirmed');
    // Nothing left to confirm: ignored, and the past visit stays as it was.
    expect((await sendSms({ from: '+12125550120', body: 'CONFIRM' })).json()).toEqual({ action: 'ignored' });
    expect(await statusOf(past)).toBe('scheduled');
  });

  it('a patient without a login confirms too; the stamp names the SMS channel', async () => {
    const res = await call(clinic.receptionist, 'POST', '/api/patients', {
      firstName: 'No',
      lastName: 'Login',
      dateOfBirth: '1970-05-05',
      phone: '+1 212 555 0122',
    });
    const id = res.json().id;
    const v = await visit(id, 3, '10:00');
    expect((await sendSms({ from: '+12125550122', body: 'c' })).json()).toEqual({ action: 'confirmed', appointmentId: v });
    const [row] = await hub.app.db.select().from(appointments).where(eq(appointments.id, v));
    expect(row).toMatchObject({ status: 'confirmed', confirmedBy: SMS_ACTOR_ID });
  });

  it('"stop" turns SMS off for every patient with the number and "START" turns it back on', async () => {
    const ben = await registered('+1 212 555 0130');
    const family = await registered('+1 (212) 555-0130'); // the same number, written another way
    const neighbour = await registered('+1 212 555 0131');
    expect(family.phone).toBe(ben.phone);

    const stop = await sendSms({ from: '+12125550130', body: 'stop', messageId: 'SM-stop-1' });
    expect(stop.statusCode, stop.body).toBe(200);
    expect(stop.json()).toEqual({ action: 'opted_out' });
    const seen = (await call(ben, 'GET', `/api/patients/${ben.id}`)).json();
    expect(seen.notificationPreferences).toEqual({ email: true, sms: false, inApp: true });
    expect(await smsPrefs(family.id)).toBe(false);
    expect(await smsPrefs(neighbour.id)).toBe(true);

    const start = await sendSms({ from: '+12125550130', body: 'START' });
    expect(start.json()).toEqual({ action: 'opted_in' });
    expect((await call(ben, 'GET', `/api/patients/${ben.id}`)).json().notificationPreferences.sms).toBe(true);
    expect(await smsPrefs(family.id)).toBe(true);

    for (const word of ['STOPALL', 'unsubscribe', 'End', 'quit']) {
      await sendSms({ from: '+12125550130', body: 'UNSTOP' });
      expect((await sendSms({ from: '+12125550130', body: word })).json(), word).toEqual({ action: 'opted_out' });
      expect(await smsPrefs(ben.id), word).toBe(false);
    }
  });

  it('unknown numbers and unknown text are answered "ignored" and change nothing', async () => {
    const p = await registered('+1 212 555 0140');
    const v = await visit(p.id, 3, '11:00');
    for (const payload of [
      { from: '+12125559999', body: 'C' },
      { from: '+12125559999', body: 'STOP' },
      { from: 'not a number', body: 'STOP' },
      { from: '+12125550140', body: 'C please' },
      { from: '+12125550140', body: 'Can I come at 3?' },
      { from: '+12125550140', body: '' },
    ]) {
      const res = await sendSms(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(200);
      expect(res.json()).toEqual({ action: 'ignored' });
    }
    expect(await statusOf(v)).toBe('scheduled');
    expect(await smsPrefs(p.id)).toBe(true);
  });

  it('a redelivery of the same messageId gets the first answer and confirms nothing more', async () => {
    const p = await registered('+1 212 555 0150');
    const first = await visit(p.id, 2, '14:00');
    const second = await visit(p.id, 3, '14:00');
    const payload = { from: '+12125550150', body: 'C', messageId: 'SM-abc-123' };
    expect((await sendSms(payload)).json()).toEqual({ action: 'confirmed', appointmentId: first });
    expect((await sendSms(payload)).json()).toEqual({ action: 'confirmed', appointmentId: first });
    expect(await statusOf(second)).toBe('scheduled');
    expect((await sendSms({ ...payload, messageId: 'SM-abc-124' })).json()).toEqual({ action: 'confirmed', appointmentId: second });
  });
});

describe('POST /api/sms/inbound: the signature', () => {
  let p: Awaited<ReturnType<typeof registered>>;
  let v: string;
  beforeAll(async () => {
    p = await registered('+1 212 555 0160');
    v = await visit(p.id, 2, '15:00');
  });

  const stop = () => ({ from: '+12125550160', body: 'STOP' });
  const confirm = () => ({ from: '+12125550160', body: 'C' });
  const cases: [string, () => Promise<{ statusCode: number; json(): unknown }>][] = [
    ['a signature made with another secret', () => sendSms(stop(), { secret: 'another-secret-0123456789' })],
    ['no signature header', () => sendSms(stop(), { omit: ['signature'] })],
    ['no timestamp header', () => sendSms(stop(), { omit: ['timestamp'] })],
    ['no headers at all', () => sendSms(stop(), { omit: ['signature', 'timestamp'] })],
    ['a timestamp six minutes old', () => sendSms(stop(), { timestamp: nowSeconds() - 360 })],
    ['a timestamp six minutes ahead', () => sendSms(stop(), { timestamp: nowSeconds() + 360 })],
    ['a timestamp that is not unix seconds', () => sendSms(stop(), { timestamp: new Date().toISOString() })],
    ['a body altered after signing', () => sendSms(stop(), { signedText: JSON.stringify({ from: '+12125550160', body: 'hello' }) })],
    [
      'a body with whitespace added after signing',
      () => sendSms(confirm(), { raw: ` ${JSON.stringify(confirm())}`, signedText: JSON.stringify(confirm()) }),
    ],
    ['the signature of another timestamp', () => sendSms(confirm(), { headers: { 'x-clinic-timestamp': String(nowSeconds() - 1) } })],
    ['a signature without its sha256= prefix', () => sendSms(confirm(), { headers: { 'x-clinic-signature': 'a'.repeat(64) } })],
    ['a signature that is not hex', () => sendSms(confirm(), { headers: { 'x-clinic-signature': `sha256=${'z'.repeat(64)}` } })],
    ['a bearer token instead of a signature', () => sendSms(confirm(), { omit: ['signature'], headers: bearer(clinic.admin.token) })],
    ['an unsigned call with broken JSON', () => sendSms({}, { raw: '{"from": ', omit: ['signature'] })],
  ];

  it.each(cases)('%s → 401 INVALID_SIGNATURE', async (_name, send) => {
    const res = await send();
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ statusCode: 401, code: 'INVALID_SIGNATURE' });
  });

  it('after every refusal the visit is still scheduled and SMS still on', async () => {
    expect(await statusOf(v)).toBe('scheduled');
    expect(await smsPrefs(p.id)).toBe(true);
  });

  it('a signed body is still validated strictly: unknown fields, bad types, too long, broken JSON → 400', async () => {
    for (const [raw, code] of [
      [JSON.stringify({ ...stop(), extra: 1 }), 'VALIDATION_FAILED'],
      [JSON.stringify({ from: '+12125550160' }), 'VALIDATION_FAILED'],
      [JSON.stringify({ from: 12125550160, body: 'STOP' }), 'VALIDATION_FAILED'],
      [JSON.stringify({ ...stop(), from: '1'.repeat(33) }), 'VALIDATION_FAILED'],
      [JSON.stringify({ ...stop(), body: 'x'.repeat(1601) }), 'VALIDATION_FAILED'],
      [JSON.stringify({ ...stop(), messageId: 'has spaces in it' }), 'VALIDATION_FAILED'],
      [JSON.stringify([stop()]), 'VALIDATION_FAILED'],
      ['{"from": ', 'INVALID_JSON'],
      ['{"__proto__": {"x": 1}, "from": "+12125550160", "body": "STOP"}', 'INVALID_JSON'],
    ] as const) {
      const res = await sendSms({}, { raw });
      expect(res.statusCode, raw.slice(0, 60)).toBe(400);
      expect(res.json().code, raw.slice(0, 60)).toBe(code);
    }
    expect(await smsPrefs(p.id)).toBe(true);
  });

  it('a signed call without a body is checked too: 401 unsigned, 400 signed', async () => {
    const ts = String(nowSeconds());
    const unsigned = await hub.app.inject({
      method: 'POST',
      url: '/api/sms/inbound',
      headers: { 'x-clinic-timestamp': ts, 'x-clinic-signature': signWebhook('another-secret-0123456789', ts, '') },
    });
    expect(unsigned.statusCode).toBe(401);
    const signed = await hub.app.inject({
      method: 'POST',
      url: '/api/sms/inbound',
      headers: { 'x-clinic-timestamp': ts, 'x-clinic-signature': signWebhook(SECRET, ts, '') },
    });
    expect(signed.statusCode).toBe(400);
    expect(signed.json().code).toBe('VALIDATION_FAILED');
  });

  it('the parser that keeps the raw body is the webhook’s own: other routes parse JSON as before', async () => {
    const res = await hub.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('INVALID_JSON');
    const ok = await call(p, 'PATCH', `/api/patients/${p.id}`, { preferredLanguage: 'fr' });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('without SMS_WEBHOOK_SECRET every call is refused, however it is signed', async () => {
    const bare = await startTestHub();
    try {
      for (const secret of [SECRET, '']) {
        const res = await sendSms(confirm(), { target: bare, secret });
        expect(res.statusCode).toBe(401);
        expect(res.json().code).toBe('INVALID_SIGNATURE');
      }
    } finally {
      await bare.close();
    }
  });
});
