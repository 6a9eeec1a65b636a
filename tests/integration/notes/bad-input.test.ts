// The fuller note's bad inputs (tests/integration/cross-cutting/notes-bad-input.ts) on a hub of
// their own, checked where notes are written: no note, no version in MongoDB, no vitals row in
// MariaDB (the cross-cutting table checks only MariaDB). Then the same mistakes on a new version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vitalSigns } from '../../../db/schema/index.js';
import { bearer } from '../../support/factories.js';
import { at, bookableClinic } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';
import { noteCases } from '../cross-cutting/notes-bad-input.js';
import { send, soapNote } from './privacy-world.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let visitId: string;
let noteId: string;

const counts = async () => ({
  notes: await hub.app.mongo.db.collection('notes').countDocuments(),
  versions: await hub.app.mongo.db.collection('note_versions').countDocuments(),
  vitals: (await hub.app.db.select().from(vitalSigns)).length,
});

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await bookableClinic(hub);
  const book = async (day: number) =>
    (
      await send(hub, clinic.receptionist, 'POST', '/api/appointments', {
        doctorId: clinic.doctor.doctorId,
        patientId: clinic.patient.patientId,
        startAt: at(day, '10:00'),
      })
    ).json().id as string;
  visitId = await book(1);
  noteId = (await send(hub, clinic.doctor, 'POST', `/api/appointments/${await book(2)}/notes`, soapNote('kept'))).json().id;
});
afterAll(() => hub.close());

describe('bad input to the fuller note', () => {
  const cases = noteCases(() => ({ visitId, patientUserId: clinic.patient.userId! }));

  it('has at least 8 cases', () => expect(cases.length).toBeGreaterThanOrEqual(8));

  it.each(cases)('$name → $status $code, nothing written (new note and new version)', async (c) => {
    const before = await counts();
    const body = (c.body as () => Record<string, unknown>)();
    const url = typeof c.url === 'function' ? c.url() : c.url;
    for (const [method, target, payload] of [
      ['POST', url, body],
      ['PUT', `/api/notes/${noteId}`, { ...body, baseVersion: 1 }],
    ] as const) {
      const res = await hub.app.inject({ method, url: target, headers: bearer(clinic.doctor.token), payload });
      expect(res.statusCode, `${method} ${res.body}`).toBe(c.status);
      expect(res.json().code).toBe(c.code);
    }
    expect(await counts()).toEqual(before);
  });

  it('a well-formed note on the same visit is stored (the cases failed for their bad part only)', async () => {
    const ok = await send(hub, clinic.doctor, 'POST', `/api/appointments/${visitId}/notes`, {
      ...soapNote('good', { objective: { vitals: { heartRate: 80 } } }),
      chiefComplaint: 'Cough',
      historyOfPresentIllness: 'Five days of cough',
      reviewOfSystems: { text: 'Otherwise well', systems: [{ system: 'Respiratory', finding: 'abnormal', note: 'Wheeze' }] },
      physicalExam: { findings: [{ area: 'Chest', finding: 'Scattered wheeze' }] },
      differentialDiagnosis: [{ code: 'J45.9', description: 'Asthma', likelihood: 'possible' }],
      referrals: [{ specialty: 'Pulmonology', urgency: 'routine', toDoctorId: clinic.doctor.doctorId }],
      privacy: 'highly_sensitive',
      sharedWithUserIds: [clinic.doctor.userId],
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({
      privacy: 'highly_sensitive',
      soap: { chiefComplaint: 'Cough', referrals: [{ specialty: 'Pulmonology', urgency: 'routine' }] },
    });
  });
});
