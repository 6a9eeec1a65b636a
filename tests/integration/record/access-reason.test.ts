// X-Access-Reason, the reason staff give to open a record where STAFF_CAN_READ_RECORDS allows it:
// kept in the audit entry as typed, whether the client sent UTF-8 bytes or Latin-1 (a browser's
// fetch sends "Ü" as one byte); refused when too long or holding control characters (what garbled
// bytes turn into); ignored, and not kept, when a non-staff caller sends one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asActor, auditSettled, checkedInVisit } from '../../support/record.js';
import { bookableClinic } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let pid: string;

beforeAll(async () => {
  hub = await startTestHub({ STAFF_CAN_READ_RECORDS: 'true' });
  clinic = await bookableClinic(hub);
  pid = clinic.patient.patientId;
  await checkedInVisit(hub, clinic.receptionist, clinic.doctor.doctorId!, pid);
});
afterAll(() => hub.close());

/** A header value as Node's HTTP parser hands it over: each byte one Latin-1 character. */
const onTheWire = (bytes: Buffer) => bytes.toString('latin1');

async function keptReason(res: { headers: Record<string, unknown> }) {
  await auditSettled(hub, res);
  const entry = await hub.app.audit.entries.findOne({ requestId: String(res.headers['x-request-id']) });
  return entry?.accessReason;
}

describe('X-Access-Reason', () => {
  it.each([
    ['UTF-8 bytes', 'Проверка счёта', (r: string) => onTheWire(Buffer.from(r, 'utf8'))],
    ['Latin-1 bytes', 'Überweisung prüfen', (r: string) => onTheWire(Buffer.from(r, 'latin1'))],
    ['plain ASCII', 'Billing dispute', (r: string) => r],
  ])('%s are kept as typed', async (_how, reason, encode) => {
    const res = await asActor(hub, clinic.admin)('GET', `/api/patients/${pid}/record`, undefined, { 'x-access-reason': encode(reason) });
    expect(res.statusCode, res.body).toBe(200);
    expect(await keptReason(res)).toBe(reason);
  });

  it.each([
    ['longer than 200 characters', 'a'.repeat(201)],
    ['a tab', 'a\tb'],
    ['C1 control characters', 'a\u0085b'],
  ])('with %s is refused with 400', async (_what, reason) => {
    const res = await asActor(hub, clinic.admin)('GET', `/api/patients/${pid}/record`, undefined, { 'x-access-reason': reason });
    expect([res.statusCode, res.json().code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('200 Cyrillic letters (400 bytes) are within the limit: characters are counted, not bytes', async () => {
    const reason = 'я'.repeat(200);
    const res = await asActor(hub, clinic.admin)('GET', `/api/patients/${pid}/record`, undefined, {
      'x-access-reason': onTheWire(Buffer.from(reason, 'utf8')),
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('from a doctor is ignored and not kept', async () => {
    const res = await asActor(hub, clinic.doctor)('GET', `/api/patients/${pid}/record`, undefined, { 'x-access-reason': 'Curious' });
    expect(res.statusCode).toBe(200);
    expect(await keptReason(res)).toBeUndefined();
  });
});
