// Each version of a note keeps the privacy it was written under: when the author lowers a note's
// level (takes the sensitive part out and opens the rest to the team), the earlier versions stay
// closed to readers the higher level kept out. A doctor who is not the author cannot tell an
// existing note from a missing one by writing to it, and a patient never sees whom the author named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../support/test-hub.js';
import { type PrivacyWorld, privacyWorld, send, soapNote } from './privacy-world.js';

let hub: TestHub;
let w: PrivacyWorld;
const REASON = { 'x-access-reason': 'Billing dispute review' };

beforeAll(async () => {
  hub = await startTestHub({ STAFF_CAN_READ_RECORDS: 'true' });
  w = await privacyWorld(hub);
});
afterAll(() => hub.close());

async function writeThenLower(level: 'sensitive' | 'highly_sensitive', secret: string) {
  const visit = await w.book(w.people.author.doctorId!);
  const created = await send(hub, w.people.author, 'POST', `/api/appointments/${visit}/notes`, {
    ...soapNote('lowered'),
    subjective: `Disclosed ${secret}`,
    privacy: level,
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const lowered = await send(hub, w.people.author, 'PUT', `/api/notes/${id}`, {
    ...soapNote('lowered'),
    subjective: 'Follow-up of cough',
    privacy: 'standard',
    baseVersion: 1,
  });
  expect(lowered.statusCode, lowered.body).toBe(200);
  return id;
}

describe('versions after the privacy level was lowered', () => {
  it('a nurse reads the standard version, not the highly sensitive one before it', async () => {
    const id = await writeThenLower('highly_sensitive', 'Secrethivstatus');
    const versions = await send(hub, w.people.nurse, 'GET', `/api/notes/${id}/versions`);
    expect(versions.statusCode).toBe(200);
    expect(versions.json().versions.map((v: { version: number }) => v.version)).toEqual([2]);
    expect(versions.body).not.toContain('Secrethivstatus');
    // The author still reads both.
    const own = await send(hub, w.people.author, 'GET', `/api/notes/${id}/versions`);
    expect(own.json().versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(own.body).toContain('Secrethivstatus');
  });

  it('staff with a reason do not read the sensitive first version; a care-team doctor does', async () => {
    const id = await writeThenLower('sensitive', 'Secretpsychnote');
    const staff = await send(hub, w.people.admin, 'GET', `/api/notes/${id}/versions`, undefined, REASON);
    expect(staff.statusCode).toBe(200);
    expect(staff.body).not.toContain('Secretpsychnote');
    const colleague = await send(hub, w.people.teamDoctor, 'GET', `/api/notes/${id}/versions`);
    expect(colleague.body).toContain('Secretpsychnote');
  });
});

describe('what a refusal tells', () => {
  it('PUT by a doctor who is not the author answers like a note that does not exist', async () => {
    const body = soapNote('probe');
    const existing = await send(hub, w.people.unrelatedDoctor, 'PUT', `/api/notes/${w.notes.sensitive.id}`, body);
    const missing = await send(hub, w.people.unrelatedDoctor, 'PUT', '/api/notes/01ARZ3NDEKTSV4RRFFQ69G5FAV', body);
    expect([existing.statusCode, existing.json().code]).toEqual([404, 'NOT_FOUND']);
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'NOT_FOUND']);
  });

  it('a patient reading a shared highly sensitive note does not learn whom the author named', async () => {
    const visit = await w.book(w.people.author.doctorId!);
    const created = await send(hub, w.people.author, 'POST', `/api/appointments/${visit}/notes`, {
      ...soapNote('named'),
      privacy: 'highly_sensitive',
      sharedWithUserIds: [w.people.namedNurse.userId],
      final: true,
      shareWithPatient: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().sharedWithUserIds).toEqual([w.people.namedNurse.userId]);
    const res = await send(hub, w.people.patient, 'GET', `/api/notes/${created.json().id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ final: true, sharedWithUserIds: [] });
    const list = await send(hub, w.people.patient, 'GET', `/api/notes?patientId=${w.people.patient.patientId}`);
    expect(list.json().notes.length).toBeGreaterThan(0);
    for (const note of list.json().notes) expect(note.sharedWithUserIds).toEqual([]);
  });
});
