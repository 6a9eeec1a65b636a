// The admin console's audit page (issue 19): filters by action (a prefix, never a pattern), target
// type and patient (their record and anything of theirs: visits, notes…), and the CSV export: a
// header row, at most 10,000 rows, cells a spreadsheet would run as formulas defused, and the
// export itself audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../db/ids.js';
import type { AuditEntry } from '../../../server/modules/audit/log.js';
import { type Actor, bearer, patient } from '../../support/factories.js';
import { at, bookableClinic } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let other: Awaited<ReturnType<typeof patient>>;

const call = (actor: Actor, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers: Record<string, string> = {}) =>
  hub.app.inject({ method, url, headers: { ...bearer(actor.token), ...headers }, ...(payload ? { payload } : {}) });

/** Audit entries are written just after the response: wait (bounded) until `n` match. */
async function settled(filter: Record<string, unknown>, n = 1) {
  for (let i = 0; i < 200; i++) {
    if ((await hub.app.audit.entries.countDocuments(filter)) >= n) return;
    await hub.app.redis.ping();
  }
}

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await bookableClinic(hub);
  other = await patient(hub, false);
  const doctorId = clinic.doctor.doctorId!;
  // A change of set-up with a user agent that would be a formula in a spreadsheet.
  expect(
    (await call(clinic.admin, 'PATCH', `/api/doctors/${doctorId}`, { room: '4' }, { 'user-agent': '=HYPERLINK("x")' })).statusCode,
  ).toBe(200);
  // The patient's visit, the other patient's visit, and an allergy on the patient's record.
  for (const [patientId, time] of [
    [clinic.patient.patientId, '09:00'],
    [other.patientId, '10:00'],
  ] as const) {
    const res = await call(clinic.receptionist, 'POST', '/api/appointments', { doctorId, patientId, startAt: at(2, time) });
    expect(res.statusCode, res.body).toBe(201);
  }
  const allergy = await call(clinic.doctor, 'POST', `/api/patients/${clinic.patient.patientId}/allergies`, {
    substance: 'Latex',
    severity: 'mild',
  });
  expect(allergy.statusCode, allergy.body).toBe(201);
  await settled({ action: { $in: ['POST /api/appointments', 'POST /api/patients/:id/allergies', 'PATCH /api/doctors/:id'] } }, 4);
});
afterAll(() => hub.close());

const search = async (query: string) => {
  const res = await call(clinic.admin, 'GET', `/api/audit?limit=500&${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().entries as { action: string; targetType: string | null; targetId: string | null; patientId?: string }[];
};

describe('audit filters', () => {
  it('action is a prefix', async () => {
    const found = await search(`action=${encodeURIComponent('PATCH /api/doctors')}`);
    expect(found.length).toBe(1);
    expect(found[0]!.action).toBe('PATCH /api/doctors/:id');
    expect((await search('action=auth.')).every((e) => e.action.startsWith('auth.'))).toBe(true);
    expect((await search('action=auth.')).length).toBeGreaterThan(0);
    // Pattern characters are text: ".*" starts no action.
    expect(await search(`action=${encodeURIComponent('.*')}`)).toEqual([]);
  });

  it('targetType takes one kind of target', async () => {
    const found = await search('targetType=appointments');
    expect(found.length).toBe(2);
    expect(found.every((e) => e.targetType === 'appointments')).toBe(true);
  });

  it('patientId finds the patient’s record and their visits, not another patient’s', async () => {
    const found = await search(`patientId=${clinic.patient.patientId}`);
    expect(found.map((e) => e.action).sort()).toEqual(['POST /api/appointments', 'POST /api/patients/:id/allergies']);
    const visit = found.find((e) => e.action === 'POST /api/appointments')!;
    expect(visit.patientId).toBe(clinic.patient.patientId);
    expect((await search(`patientId=${other.patientId}`)).map((e) => e.action)).toEqual(['POST /api/appointments']);
  });
});

describe('the CSV export', () => {
  it('answers text/csv with a header row, defuses formulas, and is itself audited', async () => {
    const res = await call(clinic.admin, 'GET', `/api/audit/export.csv?action=${encodeURIComponent('PATCH /api/doctors')}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers['x-export-truncated']).toBe('false');
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe(
      'at,actorId,actorRole,action,outcome,statusCode,targetType,targetId,patientId,ip,userAgent,requestId,accessReason,count,lastAt,changes',
    );
    expect(lines).toHaveLength(3); // header, one entry, the final line end
    expect(lines[1]).toContain(`,${clinic.admin.userId},admin,PATCH /api/doctors/:id,ok,200,doctors,${clinic.doctor.doctorId},`);
    // The user agent would have been a formula: it is text now.
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines[1]).not.toMatch(/,=/);

    await settled({ action: 'export /api/audit' });
    const [exported] = await search(`action=${encodeURIComponent('export /api/audit')}`);
    expect(exported).toMatchObject({ action: 'export /api/audit', targetType: 'audit', outcome: 'ok' });
    expect(exported).toMatchObject({ actorId: clinic.admin.userId, details: { action: 'PATCH /api/doctors', rows: 1, truncated: false } });
  });

  it('names what an export was filtered to: one patient’s entries are audited under that patient', async () => {
    const patientId = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
    const res = await call(clinic.admin, 'GET', `/api/audit/export.csv?patientId=${patientId}&from=2026-01-01T00:00:00.000Z`);
    expect(res.statusCode, res.body).toBe(200);
    await settled({ action: 'export /api/audit', patientId });
    const [exported] = await search(`action=${encodeURIComponent('export /api/audit')}&patientId=${patientId}`);
    expect(exported).toMatchObject({
      patientId,
      details: { patientId, from: '2026-01-01T00:00:00.000Z', rows: 0, truncated: false },
    });
  });

  it('holds at most 10,000 rows and says when more matched', async () => {
    const now = Date.now();
    const bulk: AuditEntry[] = Array.from({ length: 10_003 }, (_, i) => ({
      _id: newId(),
      at: new Date(now - i),
      actorId: null,
      actorRole: null,
      action: `GET /bulk/${i}`,
      targetType: 'bulk-export',
      targetId: null,
      outcome: 'denied',
      statusCode: 401,
      ip: '203.0.113.9',
      userAgent: null,
      requestId: null,
      changes: null,
    }));
    await hub.app.audit.entries.insertMany(bulk);
    const res = await call(clinic.admin, 'GET', '/api/audit/export.csv?targetType=bulk-export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-export-truncated']).toBe('true');
    const lines = res.body.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(1 + 10_000);
  });

  it('is the admins’ alone', async () => {
    for (const actor of [clinic.receptionist, clinic.doctor, clinic.patient]) {
      expect((await call(actor, 'GET', '/api/audit/export.csv')).statusCode).toBe(403);
    }
  });
});
