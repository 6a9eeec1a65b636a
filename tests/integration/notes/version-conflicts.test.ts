// Two tabs editing one note (issue 13, item 7): PUT /api/notes/:id takes baseVersion; a save on
// top of a version that is no longer the latest is refused with 409 VERSION_CONFLICT and the
// newer note in `latest`, nothing of it stored; two saves racing from the same base store exactly
// one; a deliberate overwrite is a new save on the newer version. baseVersion is required.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, bearer } from '../../support/factories.js';
import { at, bookableClinic } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let day = 3;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await bookableClinic(hub);
});
afterAll(() => hub.close());

const soap = (subjective: string) => ({
  subjective,
  objective: { text: 'Chest clear', vitals: { temperatureC: 37.2 } },
  assessment: { text: 'Viral', diagnoses: [] },
  plan: { text: 'Rest' },
});
const send = (actor: Actor, method: 'POST' | 'PUT' | 'GET', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });

/** A visit of its own with a note at version 1. */
async function noteAtVersionOne(): Promise<string> {
  const visit = await send(clinic.receptionist, 'POST', '/api/appointments', {
    doctorId: clinic.doctor.doctorId,
    patientId: clinic.patient.patientId,
    startAt: at(day++, '10:00'),
  });
  expect(visit.statusCode).toBe(201);
  const note = await send(clinic.doctor, 'POST', `/api/appointments/${visit.json().id}/notes`, soap('First words'));
  expect(note.statusCode).toBe(201);
  return note.json().id;
}

describe('note versions', () => {
  it('refuses a save on an old base with 409 VERSION_CONFLICT and the newer note; an overwrite on the newer base is stored', async () => {
    const noteId = await noteAtVersionOne();
    const tabA = await send(clinic.doctor, 'PUT', `/api/notes/${noteId}`, { ...soap('Tab A: cough at night'), baseVersion: 1 });
    expect(tabA.statusCode).toBe(200);
    expect(tabA.json()).toMatchObject({ version: 2, soap: { subjective: 'Tab A: cough at night' } });

    const tabB = await send(clinic.doctor, 'PUT', `/api/notes/${noteId}`, { ...soap('Tab B: fever since Monday'), baseVersion: 1 });
    expect(tabB.statusCode).toBe(409);
    expect(tabB.json()).toMatchObject({
      code: 'VERSION_CONFLICT',
      latest: { id: noteId, version: 2, soap: { subjective: 'Tab A: cough at night' }, final: false },
    });
    const versions = (await send(clinic.doctor, 'GET', `/api/notes/${noteId}/versions`)).json().versions;
    expect(versions.map((v: { soap: { subjective: string } }) => v.soap.subjective)).toEqual(['First words', 'Tab A: cough at night']);

    // Tab B read the newer version and keeps its own text deliberately.
    const overwrite = await send(clinic.doctor, 'PUT', `/api/notes/${noteId}`, { ...soap('Tab B: fever since Monday'), baseVersion: 2 });
    expect(overwrite.statusCode).toBe(200);
    expect(overwrite.json()).toMatchObject({ version: 3, soap: { subjective: 'Tab B: fever since Monday' } });
    expect((await send(clinic.doctor, 'GET', `/api/notes/${noteId}`)).json()).toMatchObject({ version: 3 });
    // A base from the future is no better than an old one.
    const ahead = await send(clinic.doctor, 'PUT', `/api/notes/${noteId}`, { ...soap('x'), baseVersion: 9 });
    expect(ahead.statusCode).toBe(409);
    expect(ahead.json().latest.version).toBe(3);
  });

  it('of two concurrent saves from the same base exactly one is stored; the other hears which won', async () => {
    for (let round = 0; round < 5; round++) {
      const noteId = await noteAtVersionOne();
      const texts = ['Left tab text', 'Right tab text', 'Third tab text'];
      const answers = await Promise.all(
        texts.map((t) => send(clinic.doctor, 'PUT', `/api/notes/${noteId}`, { ...soap(t), baseVersion: 1 })),
      );
      const won = answers.filter((a) => a.statusCode === 200);
      const lost = answers.filter((a) => a.statusCode === 409);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(2);
      const winner = won[0]!.json().soap.subjective;
      for (const refusal of lost) expect(refusal.json()).toMatchObject({ code: 'VERSION_CONFLICT', latest: { version: 2 } });
      // The refusal reports the stored winner (the summary may lag the version by a moment).
      for (const refusal of lost) expect(refusal.json().latest.soap.subjective).toBe(winner);
      const versions = (await send(clinic.doctor, 'GET', `/api/notes/${noteId}/versions`)).json().versions;
      expect(versions.map((v: { version: number; soap: { subjective: string } }) => [v.version, v.soap.subjective])).toEqual([
        [1, 'First words'],
        [2, winner],
      ]);
      expect((await send(clinic.doctor, 'GET', `/api/notes/${noteId}`)).json()).toMatchObject({ version: 2, soap: { subjective: winner } });
    }
  });

  it('refuses a baseVersion that is not a whole number from 1; without one (a client written before it) saves on top of the latest, also when three race', async () => {
    const noteId = await noteAtVersionOne();
    for (const baseVersion of [0, 1.5, '1', null]) {
      const res = await send(clinic.doctor, 'PUT', `/api/notes/${noteId}`, { ...soap('Bad base'), baseVersion });
      expect(res.statusCode).toBe(400);
    }
    const versionsOf = async () => (await send(clinic.doctor, 'GET', `/api/notes/${noteId}/versions`)).json().versions as unknown[];
    expect(await versionsOf()).toHaveLength(1);
    const plain = await send(clinic.doctor, 'PUT', `/api/notes/${noteId}`, soap('No base'));
    expect(plain.statusCode).toBe(200);
    expect(plain.json().version).toBe(2);
    const racing = await Promise.all([1, 2, 3].map((k) => send(clinic.doctor, 'PUT', `/api/notes/${noteId}`, soap(`No base ${k}`))));
    expect(racing.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(racing.map((r) => r.json().version).sort()).toEqual([3, 4, 5]);
    expect(await versionsOf()).toHaveLength(5);
  });
});
