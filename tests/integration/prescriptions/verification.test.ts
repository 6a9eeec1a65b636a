// What a pharmacy holding the paper can check: the public verify route answers valid only for the
// real signature over the stored content, tells a pharmacy what it needs and nothing more (no full
// name, phone or email), and the PDF's QR code scans to exactly that verify URL.
import { eq } from 'drizzle-orm';
import jsqr from 'jsqr';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prescriptionItems, prescriptions } from '../../../db/schema/index.js';
import { bearer, staff } from '../../support/factories.js';
import { pdfImages, pdfText } from '../../support/pdf-inspect.js';
import { item, medicationId, type PrescribingClinic, prescribingClinic, startedVisit } from '../../support/prescribing.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

// jsqr is CommonJS with a `default` property (see server/modules/prescriptions/pdf.test.ts).
const jsQR = jsqr.default;

let hub: TestHub;
let clinic: PrescribingClinic;
let signed: { id: string; number: string; verifyUrl: string };

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await prescribingClinic(hub);
  const amoxicillin = await medicationId(hub, clinic.doctor, 'amoxicillin', '500 mg');
  const visitId = await startedVisit(hub, clinic);
  const draft = await hub.app.inject({
    method: 'POST',
    url: `/api/appointments/${visitId}/prescriptions`,
    headers: bearer(clinic.doctor.token),
    payload: {
      items: [item(amoxicillin, { instructions: 'Take with food' })],
      diagnosis: 'Otitis media',
      testsOrdered: [{ name: 'CBC', priority: 'urgent' }],
    },
  });
  const res = await hub.app.inject({
    method: 'POST',
    url: `/api/prescriptions/${draft.json().id}/sign`,
    headers: bearer(clinic.doctor.token),
  });
  signed = res.json();
});
afterAll(() => hub.close());

const verify = (number: string, sig: string, accept = 'application/json') =>
  hub.app.inject({
    method: 'GET',
    url: `/api/prescriptions/verify/${encodeURIComponent(number)}?sig=${encodeURIComponent(sig)}`,
    headers: { accept },
  });
const sigOf = (url: string) => new URL(url).searchParams.get('sig')!;

/** The same text with one character changed to another of the base64url alphabet. */
function changeChar(text: string, at: number): string {
  const c = text[at]!;
  return text.slice(0, at) + (c === 'A' ? 'B' : 'A') + text.slice(at + 1);
}

describe('verifying a printed prescription', () => {
  it('is valid for the real signature, with only what a pharmacy needs', async () => {
    const res = await verify(signed.number, sigOf(signed.verifyUrl));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      valid: true,
      number: signed.number,
      status: 'active',
      doctor: { licenseNumber: expect.stringMatching(/^LIC-/) },
      patient: { initials: expect.stringMatching(/^P\. P\./), birthYear: 1980 },
      items: [{ name: 'Amoxicillin', strength: '500 mg', quantity: 21, instructions: 'Take with food' }],
    });
    // Nothing that identifies the patient beyond initials and birth year, nothing clinical beyond the items.
    const text = res.body;
    const patientRow = (
      await hub.app.inject({ method: 'GET', url: `/api/patients/${clinic.patient.patientId}`, headers: bearer(clinic.receptionist.token) })
    ).json();
    for (const secret of [patientRow.lastName, patientRow.phone, patientRow.email, '1980-04-02', 'Otitis media'])
      expect(text).not.toContain(secret);
    expect(Object.keys(body.patient).sort()).toEqual(['birthYear', 'initials']);
  });

  it('is not valid after changing any character of the signature', async () => {
    const sig = sigOf(signed.verifyUrl);
    // Every position, including the last one whose low bits base64 does not use.
    for (let i = 0; i < sig.length; i++) {
      const res = await verify(signed.number, changeChar(sig, i));
      expect(res.json(), `signature character ${i}`).toEqual({ valid: false });
    }
    expect((await verify(signed.number, `${sig}A`)).json()).toEqual({ valid: false });
    expect((await verify(signed.number, '')).json()).toEqual({ valid: false });
  });

  it('is not valid for another number, nor after the stored content changed', async () => {
    const sig = sigOf(signed.verifyUrl);
    const other = signed.number.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    expect((await verify(other, sig)).json()).toEqual({ valid: false });
    expect((await verify('not-a-number', sig)).json()).toEqual({ valid: false });

    // Someone with database access raises the quantity: the signature no longer matches.
    await hub.app.db.update(prescriptionItems).set({ quantity: 210 }).where(eq(prescriptionItems.prescriptionId, signed.id));
    expect((await verify(signed.number, sig)).json()).toEqual({ valid: false });
    await hub.app.db.update(prescriptionItems).set({ quantity: 21 }).where(eq(prescriptionItems.prescriptionId, signed.id));
    expect((await verify(signed.number, sig)).json().valid).toBe(true);
    await hub.app.db.update(prescriptions).set({ advice: 'Double the dose' }).where(eq(prescriptions.id, signed.id));
    expect((await verify(signed.number, sig)).json()).toEqual({ valid: false });
    await hub.app.db.update(prescriptions).set({ advice: null }).where(eq(prescriptions.id, signed.id));
  });

  it('has no HEAD twin (it would check on a budget of its own)', async () => {
    const head = await hub.app.inject({ method: 'HEAD', url: `/api/prescriptions/verify/${signed.number}?sig=x` });
    expect(head.statusCode).toBe(404);
  });

  it('answers a browser with a page (escaped, no script), valid or not', async () => {
    const ok = await verify(signed.number, sigOf(signed.verifyUrl), 'text/html');
    expect(ok.headers['content-type']).toMatch(/^text\/html/);
    expect(ok.body).toContain('Genuine signature');
    expect(ok.body).toContain(signed.number);
    expect(ok.body).not.toContain('<script');
    const bad = await verify(signed.number, 'x', 'text/html');
    expect(bad.body).toContain('Not valid');
  });
});

describe('the PDF', () => {
  it('parses, and its QR code decodes to verifyUrl', async () => {
    for (const paper of ['A4', 'LETTER'] as const) {
      const res = await hub.app.inject({
        method: 'GET',
        url: `/api/prescriptions/${signed.id}/pdf?paper=${paper}`,
        headers: bearer(clinic.patient.token),
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const bytes = res.rawPayload;
      const doc = await PDFDocument.load(bytes);
      const { width } = doc.getPage(0).getSize();
      expect(width).toBeCloseTo(paper === 'A4' ? 595.28 : 612, 1);
      const [qr] = await pdfImages(bytes);
      expect(jsQR(qr!.rgba, qr!.width, qr!.height)?.data).toBe(signed.verifyUrl);
      const text = (await pdfText(bytes)).join(' ');
      expect(text).toContain(signed.number);
      expect(text).toContain('Amoxicillin');
    }
  });

  it('is for the prescription’s readers only', async () => {
    expect(
      (await hub.app.inject({ method: 'GET', url: `/api/prescriptions/${signed.id}/pdf`, headers: bearer(clinic.receptionist.token) }))
        .statusCode,
    ).toBe(403);
    expect((await hub.app.inject({ method: 'GET', url: `/api/prescriptions/${signed.id}/pdf` })).statusCode).toBe(401);
    expect(
      (await hub.app.inject({ method: 'GET', url: `/api/prescriptions/${signed.id}/pdf`, headers: bearer(clinic.pharmacist.token) }))
        .statusCode,
    ).toBe(200);
    // A pharmacist of another location (here: of none) reads none of this location's prescriptions.
    const elsewhere = await staff(hub, 'pharmacist');
    for (const url of [
      `/api/prescriptions/${signed.id}/pdf`,
      `/api/prescriptions/${signed.id}`,
      `/api/prescriptions?locationId=${clinic.location.id}`,
    ])
      expect((await hub.app.inject({ method: 'GET', url, headers: bearer(elsewhere.token) })).statusCode).toBe(403);
    expect((await hub.app.inject({ method: 'GET', url: '/api/prescriptions', headers: bearer(elsewhere.token) })).json()).toEqual({
      prescriptions: [],
    });
  });
});
