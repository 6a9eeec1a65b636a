// Privacy levels on every REST read path of notes (issue 17): one note, the list, the search and
// the versions, for each kind of reader: the author, another doctor of the care team, a nurse of
// the location, a nurse the author named, staff with and without a reason (STAFF_CAN_READ_RECORDS
// on here; off in the second hub), the patient (shared final versions only), a doctor the author
// named who has no care relationship, a nurse of another location, another patient. A note written
// before privacy levels (stored without the fields) reads as standard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../db/ids.js';
import { auditSettled } from '../../support/record.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';
import { type Caller, type PrivacyWorld, privacyWorld, send, soapNote } from './privacy-world.js';

let hub: TestHub;
let w: PrivacyWorld;
let oldNoteId: string;
const REASON = { 'x-access-reason': 'Billing dispute review' };

beforeAll(async () => {
  hub = await startTestHub({ STAFF_CAN_READ_RECORDS: 'true' });
  w = await privacyWorld(hub);
  // A note as notes were stored before the fuller note: no privacy, no named readers, no new parts.
  const visit = await w.book(w.people.author.doctorId!);
  oldNoteId = newId();
  const at = new Date();
  const soap = soapNote('old-one');
  await hub.app.mongo.db.collection('notes').insertOne({
    _id: oldNoteId as never,
    appointmentId: visit,
    patientId: w.pid,
    doctorId: w.people.author.doctorId,
    version: 1,
    final: false,
    sharedWithPatient: false,
    soap,
    finalVersion: null,
    createdAt: at,
    updatedAt: at,
  });
  await hub.app.mongo.db
    .collection('note_versions')
    .insertOne({ _id: newId() as never, noteId: oldNoteId, version: 1, final: false, soap, by: w.people.author.userId, at });
});
afterAll(() => hub.close());

type Who = keyof PrivacyWorld['people'] | 'adminWithReason' | 'receptionistWithReason';
type NoteName = 'standard' | 'sensitive' | 'highly' | 'highlyShared' | 'old';
const ALL: NoteName[] = ['standard', 'sensitive', 'highly', 'highlyShared', 'old'];

/** What each reader reads; everyone else listed gets nothing. */
const READS: Record<Who, NoteName[]> = {
  author: ALL,
  teamDoctor: ['standard', 'sensitive', 'old'],
  nurse: ['standard', 'old'],
  namedNurse: ['standard', 'highly', 'old'],
  adminWithReason: ['standard', 'old'],
  receptionistWithReason: ['standard', 'old'],
  patient: ['standard', 'highlyShared'],
  unrelatedDoctor: [],
  otherNurse: [],
  otherPatient: [],
  admin: [],
  receptionist: [],
};

const idOf = (name: NoteName) => (name === 'old' ? oldNoteId : w.notes[name].id);
const callerOf = (who: Who): { caller: Caller; headers: object } => {
  if (who === 'adminWithReason') return { caller: w.people.admin, headers: REASON };
  if (who === 'receptionistWithReason') return { caller: w.people.receptionist, headers: REASON };
  return { caller: w.people[who], headers: {} };
};
const get = (who: Who, url: string) => {
  const { caller, headers } = callerOf(who);
  return send(hub, caller, 'GET', url, undefined, headers);
};
const namesOf = (ids: string[]) =>
  ids.map((id) => (id === oldNoteId ? 'old' : (Object.entries(w.notes).find(([, n]) => n.id === id)?.[0] ?? id))).sort();

describe('GET /api/notes/:id', () => {
  it.each(Object.keys(READS) as Who[])('%s reads exactly the notes their relation and each note’s privacy allow', async (who) => {
    for (const name of ALL) {
      const res = await get(who, `/api/notes/${idOf(name)}`);
      if (READS[who].includes(name)) {
        expect(res.statusCode, `${name}: ${res.body}`).toBe(200);
        expect(res.json().id).toBe(idOf(name));
      } else if (who === 'admin' || who === 'receptionist') {
        expect(res.statusCode, name).toBe(403);
        expect(res.json().code).toBe('ACCESS_REASON_REQUIRED');
      } else {
        // Refused like a note that does not exist: no note id can be probed.
        expect(res.statusCode, `${name}: ${res.body}`).toBe(404);
        expect(res.json().code).toBe('NOT_FOUND');
      }
    }
  });

  it('the patient reads the final version, not the draft after it; the care team reads the draft', async () => {
    const mine = (await get('patient', `/api/notes/${w.notes.standard.id}`)).json();
    expect(mine).toMatchObject({ version: 1, final: true, soap: { chiefComplaint: 'Cough' } });
    const team = (await get('nurse', `/api/notes/${w.notes.standard.id}`)).json();
    expect(team).toMatchObject({ version: 2, final: false, soap: { chiefComplaint: 'Draftonlyword cough' } });
  });

  it('a note stored before privacy levels reads as standard, shared with nobody, without the new parts', async () => {
    const old = (await get('nurse', `/api/notes/${oldNoteId}`)).json();
    expect(old).toMatchObject({ id: oldNoteId, privacy: 'standard', sharedWithUserIds: [], soap: { subjective: 'Subjective old-one' } });
    expect(old.soap).not.toHaveProperty('chiefComplaint');
    expect((await get('author', `/api/notes/${w.notes.highly.id}`)).json()).toMatchObject({
      privacy: 'highly_sensitive',
      sharedWithUserIds: [w.people.namedNurse.userId, w.people.unrelatedDoctor.userId],
    });
  });
});

describe('GET /api/notes (list and search)', () => {
  it.each(Object.keys(READS) as Who[])('%s lists and finds only what they may read', async (who) => {
    const list = await get(who, `/api/notes?patientId=${w.pid}`);
    const search = await get(who, `/api/notes?patientId=${w.pid}&query=zebrafinch`);
    if (who === 'admin' || who === 'receptionist') {
      for (const res of [list, search]) expect(res.json().code).toBe('ACCESS_REASON_REQUIRED');
      return;
    }
    if (who === 'otherNurse' || who === 'otherPatient') {
      for (const res of [list, search]) expect([res.statusCode, res.json().code]).toEqual([403, 'FORBIDDEN']);
      return;
    }
    expect(list.statusCode, list.body).toBe(200);
    // The patient's notes only: the patient's search looks at final versions, which hold "Zebrafinch" too.
    expect(namesOf(list.json().notes.map((n: { id: string }) => n.id))).toEqual([...READS[who]].sort());
    expect(namesOf(search.json().notes.map((n: { id: string }) => n.id))).toEqual([...READS[who]].sort());
  });

  it('searches the chief complaint, the assessment and diagnoses; a draft’s words never find a note for the patient', async () => {
    const find = async (who: Who, query: string) =>
      namesOf(
        (await get(who, `/api/notes?patientId=${w.pid}&query=${encodeURIComponent(query)}`)).json().notes.map((n: { id: string }) => n.id),
      );
    expect(await find('author', 'DRAFTONLYWORD')).toEqual(['standard']);
    expect(await find('nurse', 'draftonlyword')).toEqual(['standard']);
    expect(await find('patient', 'draftonlyword')).toEqual([]);
    expect(await find('patient', 'cough')).toEqual(['standard']);
    expect(await find('teamDoctor', 'Bronchitis sensitive-one')).toEqual(['sensitive']);
    expect(await find('nurse', 'Bronchitis sensitive-one')).toEqual([]);
    expect(await find('namedNurse', 'highly-one')).toEqual(['highly']);
    expect(await find('teamDoctor', 'highly-one')).toEqual([]);
    // Regex characters are words, not operators.
    expect(await find('author', '.*')).toEqual([]);
    // The author searches the notes they wrote without naming the patient.
    const own = await get('author', '/api/notes?query=sensitive-one');
    expect(namesOf(own.json().notes.map((n: { id: string }) => n.id))).toEqual(['sensitive']);
    expect((await get('nurse', '/api/notes?query=zebrafinch')).statusCode).toBe(400);
  });

  it('lists a visit’s note by appointmentId for the care team, as the note’s privacy allows', async () => {
    const visit = w.notes.sensitive.visit;
    expect((await get('teamDoctor', `/api/notes?appointmentId=${visit}`)).json().notes).toHaveLength(1);
    expect((await get('nurse', `/api/notes?appointmentId=${visit}`)).json().notes).toHaveLength(0);
    expect((await get('otherNurse', `/api/notes?appointmentId=${visit}`)).statusCode).toBe(403);
  });
});

describe('GET /api/notes/:id/versions', () => {
  it.each(Object.keys(READS) as Who[])('%s reads the versions of exactly the notes they may read (patients never)', async (who) => {
    for (const name of ALL) {
      const res = await get(who, `/api/notes/${idOf(name)}/versions`);
      if (who === 'patient' || who === 'otherPatient') {
        expect(res.statusCode).toBe(403);
      } else if (READS[who].includes(name)) {
        expect(res.statusCode, `${name}: ${res.body}`).toBe(200);
        expect(res.json().versions.length).toBeGreaterThanOrEqual(1);
      } else if (who === 'admin' || who === 'receptionist') {
        expect(res.json().code).toBe('ACCESS_REASON_REQUIRED');
      } else {
        expect(res.statusCode, `${name}: ${res.body}`).toBe(404);
      }
    }
  });
});

describe('staff where STAFF_CAN_READ_RECORDS is off', () => {
  let off: TestHub;
  let offWorld: PrivacyWorld;
  beforeAll(async () => {
    off = await startTestHub();
    offWorld = await privacyWorld(off);
  });
  afterAll(() => off.close());

  it('refuses admins and receptionists with 403 FORBIDDEN on every path, reason or not; the care team still reads', async () => {
    const id = offWorld.notes.standard.id;
    for (const staff of [offWorld.people.admin, offWorld.people.receptionist])
      for (const url of [`/api/notes/${id}`, `/api/notes/${id}/versions`, `/api/notes?patientId=${offWorld.pid}&query=zebrafinch`])
        for (const headers of [{}, REASON]) {
          const res = await send(off, staff, 'GET', url, undefined, headers);
          expect([res.statusCode, res.json().code], url).toEqual([403, 'FORBIDDEN']);
        }
    expect((await send(off, offWorld.people.nurse, 'GET', `/api/notes/${id}`)).statusCode).toBe(200);
  });
});

describe('the audit log', () => {
  it('keeps the staff reason and privacy level, never the text', async () => {
    await auditSettled(hub, await get('adminWithReason', `/api/notes/${w.notes.standard.id}`)); // written after the response, in batches
    const entries = await hub.app.audit.entries.find({ actorId: w.people.admin.userId }).toArray();
    expect(entries.some((e) => e.accessReason === 'Billing dispute review')).toBe(true);
    const created = await hub.app.audit.entries.find({ action: 'POST /api/appointments/:id/notes' }).toArray();
    const text = JSON.stringify(created);
    expect(text).toContain('highly_sensitive');
    for (const word of ['Zebrafinch', 'Low mood', 'Bronchitis', 'Subjective']) expect(text).not.toContain(word);
  });
});
