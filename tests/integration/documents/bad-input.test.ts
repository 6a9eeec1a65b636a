// The documents' bad-input cases (tests/integration/cross-cutting/document-bad-input.ts, also run by
// the shared table against MySQL): each gets its 4xx and code, and not one document, GridFS file or
// chunk is written, even where the file was already streamed when the form broke a rule after it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../support/factories.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';
import { type DocumentFixtures, documentCases } from '../cross-cutting/document-bad-input.js';
import { documentWorld, PDF, stored, upload } from './fixtures.js';

let hub: TestHub;
let world: Awaited<ReturnType<typeof documentWorld>>;
let fixtures: DocumentFixtures;
let before: Awaited<ReturnType<typeof stored>>;

beforeAll(async () => {
  hub = await startTestHub();
  world = await documentWorld(hub);
  const res = await upload(hub, world.doctor, world.patientId, { bytes: PDF });
  fixtures = { patientId: world.patientId, documentId: res.json().id };
  before = await stored(hub);
});
afterAll(() => hub.close());

const CASES = documentCases(() => fixtures);

describe('bad input to the documents', () => {
  it('has at least 25 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
  });

  it.each(CASES)('$name → $status $code', async (c) => {
    const url = typeof c.url === 'function' ? c.url() : c.url;
    const res = await hub.app.inject({
      method: c.method ?? 'POST',
      url,
      headers: { ...bearer(world.doctor.token), ...(c.raw ? { 'content-type': c.raw.contentType } : {}) },
      ...(c.raw ? { payload: c.raw.payload } : c.body !== undefined ? { payload: c.body as object } : {}),
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(c.status);
    expect(res.json()).toMatchObject({ statusCode: c.status, code: c.code });
  });

  it('wrote nothing: no document, file or chunk, and the document is unchanged', async () => {
    expect(await stored(hub)).toEqual(before);
    const doc = (
      await hub.app.inject({ method: 'GET', url: `/api/documents/${fixtures.documentId}`, headers: bearer(world.doctor.token) })
    ).json();
    expect(doc).toMatchObject({ type: 'lab_report', title: 'Blood count', tags: [], archived: false, sharedWithPatient: false });
  });
});
