// Uploads: the bytes come back exactly as sent (and their SHA-256), with the headers a download
// needs; the type is read from the bytes, so a disguised program is refused and nothing is kept;
// images get a PNG preview; each upload and read is audited without the title.
import { createHash, randomBytes } from 'node:crypto';
import { Jimp } from 'jimp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../support/factories.js';
import { auditSettled } from '../../support/record.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';
import { documentWorld, PDF, stored, upload } from './fixtures.js';

let hub: TestHub;
let world: Awaited<ReturnType<typeof documentWorld>>;

beforeAll(async () => {
  hub = await startTestHub();
  world = await documentWorld(hub);
});
afterAll(() => hub.close());

const get = (url: string, token = world.doctor.token) => hub.app.inject({ method: 'GET', url, headers: bearer(token) });

describe('upload and download', () => {
  it('a 3 MB DICOM file comes back byte for byte, with its SHA-256 and the download headers', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    bytes.fill(0, 0, 128);
    bytes.write('DICM', 128);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const res = await upload(hub, world.doctor, world.patientId, {
      fields: { type: 'mri', title: 'Knee MRI', recordDate: '2026-01-15', tags: 'Knee, left ,knee', appointmentId: world.visitId },
      bytes,
      filename: 'knee scan (left).DCM',
    });
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json();
    expect(doc).toMatchObject({
      patientId: world.patientId,
      appointmentId: world.visitId,
      type: 'mri',
      title: 'Knee MRI',
      recordDate: '2026-01-15',
      tags: ['knee', 'left'],
      mimeType: 'application/dicom',
      size: bytes.length,
      sha256,
      sharedWithPatient: false,
      archived: false,
      hasThumbnail: false,
      uploadedBy: { id: world.doctor.userId },
    });

    const content = await get(`/api/documents/${doc.id}/content`);
    expect(content.statusCode).toBe(200);
    expect(content.rawPayload.equals(bytes)).toBe(true);
    expect(createHash('sha256').update(content.rawPayload).digest('hex')).toBe(sha256);
    expect(content.headers).toMatchObject({
      'content-type': 'application/dicom',
      'content-length': String(bytes.length),
      'content-disposition': 'attachment; filename="knee-scan-left.dcm"',
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      'cross-origin-resource-policy': 'same-origin',
      etag: `"${sha256}"`,
    });
    // Opened on its own, a document runs nothing and loads nothing but itself.
    expect(content.headers['content-security-policy']).toMatch(/^default-src 'none'/);
    // DICOM is never shown inline, even when asked.
    expect((await get(`/api/documents/${doc.id}/content?inline=1`)).headers['content-disposition']).toMatch(/^attachment;/);

    expect((await get(`/api/documents/${doc.id}`)).json()).toEqual(doc);
  });

  it('a PDF may be opened inline; plain text is served as UTF-8 text', async () => {
    const pdf = (await upload(hub, world.doctor, world.patientId, { fields: { type: 'lab_report', title: 'HbA1c' }, bytes: PDF })).json();
    const inline = await get(`/api/documents/${pdf.id}/content?inline=1`);
    expect(inline.headers['content-type']).toBe('application/pdf');
    expect(inline.headers['content-disposition']).toBe('inline; filename="file.pdf"');

    const text = Buffer.from('Résumé of the discharge:\n\tall well\r\n');
    const res = await upload(hub, world.nurse, world.patientId, { fields: { type: 'discharge_summary', title: 'Summary' }, bytes: text });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().mimeType).toBe('text/plain');
    const back = await get(`/api/documents/${res.json().id}/content`);
    expect(back.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(back.body).toBe(text.toString());
  });

  it('a PNG gets a preview of at most 256 px; a PDF has none', async () => {
    const png = await new Jimp({ width: 1200, height: 600, color: 0x3366ccff }).getBuffer('image/png');
    const res = await upload(hub, world.doctor, world.patientId, {
      fields: { type: 'xray', title: 'Chest' },
      bytes: png,
      filename: 'chest.png',
    });
    expect(res.json()).toMatchObject({ mimeType: 'image/png', hasThumbnail: true });
    const thumb = await get(`/api/documents/${res.json().id}/thumbnail`);
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/png');
    const image = await Jimp.read(thumb.rawPayload);
    expect([image.width, image.height]).toEqual([256, 128]);

    const jpeg = await new Jimp({ width: 100, height: 80, color: 0xff0000ff }).getBuffer('image/jpeg');
    const small = (await upload(hub, world.doctor, world.patientId, { fields: { type: 'other', title: 'Rash' }, bytes: jpeg })).json();
    expect(small).toMatchObject({ mimeType: 'image/jpeg', hasThumbnail: true });
    expect((await Jimp.read((await get(`/api/documents/${small.id}/thumbnail`)).rawPayload)).width).toBe(100);

    const pdf = (await upload(hub, world.doctor, world.patientId, { fields: { type: 'ecg', title: 'ECG' }, bytes: PDF })).json();
    expect(pdf.hasThumbnail).toBe(false);
    expect((await get(`/api/documents/${pdf.id}/thumbnail`)).statusCode).toBe(404);
  });

  it('an image the decoder cannot read is kept, without a preview', async () => {
    const broken = Buffer.concat([
      (await new Jimp({ width: 10, height: 10, color: 0 }).getBuffer('image/png')).subarray(0, 40),
      // Fixed bytes, not random ones: what follows decides how far the sniffer reads into the chunks.
      Buffer.alloc(64, 0x41),
    ]);
    const res = await upload(hub, world.doctor, world.patientId, { fields: { type: 'other', title: 'Broken' }, bytes: broken });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ mimeType: 'image/png', hasThumbnail: false });
  });

  it.each([
    ['a Windows program named report.pdf', Buffer.concat([Buffer.from('MZ'), randomBytes(5000)]), 'report.pdf', 'application/pdf'],
    ['a ZIP archive', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(3000)]), 'scan.png', 'image/png'],
    [
      'text with a NUL byte far into it',
      Buffer.concat([Buffer.from('a'.repeat(300_000)), Buffer.from([0]), Buffer.from('b')]),
      'note.txt',
      'text/plain',
    ],
    ['text that is not UTF-8', Buffer.from([0x48, 0x69, 0xe9, 0x20, 0x74]), 'note.txt', 'text/plain'],
  ])('%s → 415 UNSUPPORTED_FILE_TYPE and nothing stored', async (_name, bytes, filename, contentType) => {
    const before = await stored(hub);
    const res = await upload(hub, world.doctor, world.patientId, { bytes, filename, contentType });
    expect(res.statusCode, res.body).toBe(415);
    expect(res.json().code).toBe('UNSUPPORTED_FILE_TYPE');
    expect(await stored(hub)).toEqual(before);
  });

  it('audits the upload and each read without the title', async () => {
    const res = await upload(hub, world.doctor, world.patientId, {
      fields: { type: 'lab_report', title: 'Secret diagnosis XYZ' },
      bytes: PDF,
    });
    const id = res.json().id;
    await auditSettled(hub, res); // audit entries are written after the response, in batches
    await auditSettled(hub, await get(`/api/documents/${id}/content`));
    const entries = await hub.app.mongo.db.collection('audit_events').find({ actorId: world.doctor.userId }).toArray();
    const text = JSON.stringify(entries);
    expect(text).not.toContain('Secret diagnosis');
    const created = entries.find(
      (e) => e.action === 'POST /api/patients/:id/documents' && e.changes?.some((c: { to?: unknown }) => c.to === id),
    );
    const changes = Object.fromEntries((created?.changes ?? []).map((c: { field: string; to?: unknown }) => [c.field, c.to]));
    expect(changes).toMatchObject({ id, type: 'lab_report', mimeType: 'application/pdf', size: PDF.length, sharedWithPatient: false });
    // The title and tags are named as changed, their values not kept.
    expect(created?.changes).toEqual(expect.arrayContaining([{ field: 'title' }, { field: 'tags' }]));
    expect(entries.some((e) => e.action === 'read /api/documents/:id/content' && e.targetId === id)).toBe(true);
  });
});
