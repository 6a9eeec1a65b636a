// Who reads, adds and changes documents (record/access.ts): the care team reads everything, doctors
// and nurses add, doctors change; staff only with the setting on and a reason; the patient only
// what is shared and not archived. Search by type, tag and title; archiving instead of deleting;
// every change is announced on the chart room without content.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, bearer } from '../../support/factories.js';
import { auditSettled } from '../../support/record.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';
import { documentWorld, PDF, upload } from './fixtures.js';

let hub: TestHub;
let world: Awaited<ReturnType<typeof documentWorld>>;
let shared: string;
let unshared: string;
let archived: string;

beforeAll(async () => {
  hub = await startTestHub({ STAFF_CAN_READ_RECORDS: 'true' });
  world = await documentWorld(hub);
  const add = async (actor: Actor, fields: Record<string, string>) => {
    const res = await upload(hub, actor, world.patientId, { fields, bytes: PDF });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json().id as string;
  };
  shared = await add(world.doctor, { type: 'lab_report', title: 'Full blood count', tags: 'blood,routine', shareWithPatient: 'true' });
  unshared = await add(world.nurse, { type: 'ecg', title: 'Resting ECG', tags: 'heart' });
  archived = await add(world.doctor, { type: 'lab_report', title: 'Old blood test', tags: 'blood', shareWithPatient: 'true' });
  const res = await hub.app.inject({
    method: 'PATCH',
    url: `/api/documents/${archived}`,
    headers: bearer(world.doctor.token),
    payload: { archived: true },
  });
  if (res.statusCode !== 200) throw new Error(res.body);
});
afterAll(() => hub.close());

const get = (actor: Actor, url: string, headers: Record<string, string> = {}) =>
  hub.app.inject({ method: 'GET', url, headers: { ...bearer(actor.token), ...headers } });
const ids = async (actor: Actor, query = '', headers: Record<string, string> = {}) => {
  const res = await get(actor, `/api/patients/${world.patientId}/documents${query}`, headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().documents.map((d: { id: string }) => d.id);
};
const REASON = { 'x-access-reason': 'Insurance query from the patient' };

describe('who reads', () => {
  it('the care team sees every current document, newest first; archived ones on request', async () => {
    expect(await ids(world.doctor)).toEqual([unshared, shared]);
    expect(await ids(world.nurse)).toEqual([unshared, shared]);
    expect(await ids(world.doctor, '?archived=true')).toEqual([archived]);
    for (const id of [shared, unshared, archived]) {
      expect((await get(world.nurse, `/api/documents/${id}`)).statusCode).toBe(200);
      expect((await get(world.doctor, `/api/documents/${id}/content`)).statusCode).toBe(200);
    }
  });

  it('the patient sees shared, current documents only; the rest does not exist for them', async () => {
    expect(await ids(world.patient)).toEqual([shared]);
    expect(await ids(world.patient, '?archived=true')).toEqual([]);
    expect((await get(world.patient, `/api/documents/${shared}/content`)).statusCode).toBe(200);
    for (const id of [unshared, archived])
      for (const url of [`/api/documents/${id}`, `/api/documents/${id}/content`, `/api/documents/${id}/thumbnail`]) {
        const res = await get(world.patient, url);
        expect(res.statusCode, url).toBe(404);
        expect(res.json().code).toBe('NOT_FOUND');
      }
    // Another patient: neither the list nor the document exists for them.
    expect((await get(world.otherPatient, `/api/patients/${world.patientId}/documents`)).statusCode).toBe(404);
    expect((await get(world.otherPatient, `/api/documents/${shared}`)).statusCode).toBe(404);
  });

  it('staff read with a reason (kept in the audit entry), not without; pharmacists and outsiders never', async () => {
    expect(await ids(world.admin, '', REASON)).toEqual([unshared, shared]);
    const read = await get(world.receptionist, `/api/documents/${unshared}/content`, REASON);
    expect(read.statusCode).toBe(200);
    await auditSettled(hub, read); // audit entries are written after the response, in batches
    const refused = await get(world.admin, `/api/documents/${unshared}`);
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'ACCESS_REASON_REQUIRED']);
    const entry = await hub.app.mongo.db
      .collection('audit_events')
      .findOne({ actorId: world.receptionist.userId, action: 'read /api/documents/:id/content' });
    expect(entry).toMatchObject({ targetId: unshared, accessReason: REASON['x-access-reason'] });
    for (const actor of [world.pharmacist, world.otherDoctor, world.otherNurse]) {
      expect((await get(actor, `/api/patients/${world.patientId}/documents`)).statusCode).toBe(403);
      expect((await get(actor, `/api/documents/${shared}/content`)).statusCode).toBe(403);
    }
  });
});

describe('who adds and changes', () => {
  it('doctors and nurses of the care team upload; others are refused before the file is read', async () => {
    for (const [actor, status] of [
      [world.otherDoctor, 403],
      [world.otherNurse, 403],
      [world.patient, 403],
      [world.admin, 403],
      [world.pharmacist, 403],
    ] as const) {
      const res = await upload(hub, actor, world.patientId, { bytes: PDF });
      expect(res.statusCode, `${actor.role}: ${res.body}`).toBe(status);
    }
    expect((await upload(hub, world.otherPatient, world.patientId, { bytes: PDF })).statusCode).toBe(403);
  });

  it('only doctors of the care team change documents; sharing and archiving move them in and out of the patient’s view', async () => {
    const patch = (actor: Actor, payload: object) =>
      hub.app.inject({ method: 'PATCH', url: `/api/documents/${unshared}`, headers: bearer(actor.token), payload });
    expect((await patch(world.nurse, { title: 'x' })).statusCode).toBe(403);
    expect((await patch(world.otherDoctor, { title: 'x' })).statusCode).toBe(403);
    expect((await patch(world.patient, { shareWithPatient: true })).statusCode).toBe(403);

    const changed = await patch(world.doctor, {
      title: 'ECG at rest',
      tags: ['Heart', 'rhythm'],
      recordDate: '2026-02-01',
      shareWithPatient: true,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      title: 'ECG at rest',
      tags: ['heart', 'rhythm'],
      recordDate: '2026-02-01',
      sharedWithPatient: true,
    });
    expect(await ids(world.patient)).toEqual([unshared, shared]);
    await patch(world.doctor, { archived: true, recordDate: null });
    expect(await ids(world.patient)).toEqual([shared]);
    expect((await get(world.doctor, `/api/documents/${unshared}`)).json()).toMatchObject({ archived: true, recordDate: null });
    await patch(world.doctor, { archived: false, shareWithPatient: false });
  });
});

describe('search', () => {
  it('by type, tag and words of the title (case-insensitive), alone and together', async () => {
    expect(await ids(world.doctor, '?type=lab_report')).toEqual([shared]);
    expect(await ids(world.doctor, '?type=lab_report&archived=true')).toEqual([archived]);
    expect(await ids(world.doctor, '?tag=BLOOD')).toEqual([shared]);
    expect(await ids(world.doctor, '?tag=heart')).toEqual([unshared]);
    expect(await ids(world.doctor, `?query=${encodeURIComponent('BLOOD c')}`)).toEqual([shared]);
    expect(await ids(world.doctor, '?query=ecg')).toEqual([unshared]);
    expect(await ids(world.doctor, '?query=.*')).toEqual([]); // the words are text, not a pattern
    expect(await ids(world.doctor, '?type=ecg&tag=blood')).toEqual([]);
    expect(await ids(world.patient, '?tag=heart')).toEqual([]); // unshared: not found by the patient either
  });
});

describe('the chart hears of changes', () => {
  it('an upload and a change emit chart:changed {part: documents} to the chart room, with no content', async () => {
    // The chart room's subscribe handler is the record module's: here the hub's emits are listened to directly.
    const heard: unknown[] = [];
    const room = `chart:${world.patientId}`;
    const original = hub.app.io.to.bind(hub.app.io);
    hub.app.io.to = ((target: string) => {
      const op = original(target);
      return {
        emit: (event: string, payload: unknown) => {
          heard.push({ target, event, payload });
          return (op.emit as (e: string, p: unknown) => boolean)(event, payload);
        },
      };
    }) as never;
    try {
      const res = await upload(hub, world.doctor, world.patientId, { fields: { type: 'other', title: 'Private words' }, bytes: PDF });
      await hub.app.inject({
        method: 'PATCH',
        url: `/api/documents/${res.json().id}`,
        headers: bearer(world.doctor.token),
        payload: { archived: true },
      });
    } finally {
      hub.app.io.to = original;
    }
    const chart = heard.filter((h) => (h as { event: string }).event === 'chart:changed');
    expect(chart).toHaveLength(2);
    for (const h of chart)
      expect(h).toEqual({ target: room, event: 'chart:changed', payload: { patientId: world.patientId, part: 'documents' } });
    expect(JSON.stringify(chart)).not.toContain('Private words');
  });
});
