// The printable prescription, read back the way a pharmacy would: the QR code scanned from the pixels
// embedded in the PDF (not from the PNG the renderer started with), the text decoded through the
// embedded font's ToUnicode map, the page sizes and the document info.
import jsqr from 'jsqr';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { renderPrescriptionPdf } from '../../../server/modules/prescriptions/pdf.js';
import { qrPng } from '../../../server/modules/prescriptions/pdf-assets.js';
import type { PrescriptionPrintout } from '../../../server/modules/prescriptions/printout.js';
import { pdfImages, pdfText } from '../../support/pdf-inspect.js';

// jsqr is CommonJS with a `default` property: the one spelling that both TypeScript (NodeNext) and Vitest resolve.
const jsQR = jsqr.default;
const VERIFY_URL = `https://clinic.example.org/api/prescriptions/verify/RX-2026-000123?sig=${'Zm9vYmFy'.repeat(11)}`;

function printout(overrides: Partial<PrescriptionPrintout> = {}): PrescriptionPrintout {
  return {
    number: 'RX-2026-000123',
    status: 'active',
    issuedAt: '2026-12-04T13:05:00.000Z',
    validUntil: '2027-01-03T22:59:59.000Z',
    clinic: { name: 'Riverside Family Clinic', address: '12 Mill Lane, Springfield', phone: '+44 20 7946 0000', timeZone: 'Europe/London' },
    doctor: { name: 'Dr Anna Kowalska', licenseNumber: 'GMC 7012345', specialization: 'General practice' },
    patient: { name: 'Margaret Hill', dateOfBirth: '1958-03-12' },
    diagnosis: 'Community-acquired pneumonia',
    advice: 'Drink plenty of fluids. Come back if the fever lasts more than three days.',
    items: [
      {
        name: 'Amoxil',
        genericName: 'amoxicillin',
        form: 'capsule',
        strength: '500 mg',
        dose: '1 capsule',
        frequency: 'three times daily',
        durationDays: 7,
        quantity: 21,
        instructions: 'Take with food',
      },
    ],
    refills: 1,
    testsOrdered: [{ name: 'Full blood count', priority: 'urgent' }],
    allergyOverrideReason: null,
    drawing: null,
    verifyUrl: VERIFY_URL,
    signatureFingerprint: '3f9a 1c07 9b2e 44d0',
    ...overrides,
  };
}

const longItems = Array.from({ length: 25 }, (_, i) => ({
  name: `Medicine number ${i + 1}`,
  genericName: `generic ${i + 1}`,
  form: 'tablet',
  strength: `${(i + 1) * 10} mg`,
  dose: '1 tablet',
  frequency: 'twice daily after meals',
  durationDays: 10,
  quantity: 20,
  instructions: 'Swallow whole with a full glass of water; do not crush or chew. Avoid alcohol while taking this medicine.',
}));

function smallPng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set([(i * 7) % 256, 40, 200, i % 2 ? 255 : 128], i * 4);
  return PNG.sync.write(png);
}

/** All the text, wrapped lines joined: a cell's words may land on two lines of the table. */
async function flatText(bytes: Buffer): Promise<string> {
  return (await pdfText(bytes)).join(' ').replace(/\s+/g, ' ');
}

async function pageSizes(bytes: Buffer): Promise<{ width: number; height: number }[]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) => page.getSize());
}

describe('renderPrescriptionPdf', () => {
  it('writes a PDF that parses, on A4 or on US Letter as asked', async () => {
    const a4 = await renderPrescriptionPdf(printout(), 'A4');
    const letter = await renderPrescriptionPdf(printout(), 'LETTER');
    expect(a4.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const [a4Page] = await pageSizes(a4);
    const [letterPage] = await pageSizes(letter);
    expect(a4Page!.width).toBeCloseTo(595.28, 1);
    expect(a4Page!.height).toBeCloseTo(841.89, 1);
    expect(letterPage).toEqual({ width: 612, height: 792 });
  });

  it('embeds a QR code that scans, from the PDF pixels, to the verify URL', async () => {
    const pdf = await renderPrescriptionPdf(printout(), 'A4');
    const images = await pdfImages(pdf);
    expect(images).toHaveLength(1);
    const [qr] = images;
    const scanned = jsQR(qr!.rgba, qr!.width, qr!.height);
    expect(scanned?.data).toBe(VERIFY_URL);
    // The image is the helper's PNG, pixel for pixel size.
    const png = PNG.sync.read(await qrPng(VERIFY_URL));
    expect([qr!.width, qr!.height]).toEqual([png.width, png.height]);
  });

  it('prints the header, the parties, the items and the verification text', async () => {
    const text = await flatText(await renderPrescriptionPdf(printout(), 'A4'));
    for (const expected of [
      'Riverside Family Clinic',
      'Prescription',
      'RX-2026-000123',
      'Dr Anna Kowalska',
      'Licence no. GMC 7012345',
      'Margaret Hill',
      'Date of birth: 12 Mar 1958',
      'Amoxil 500 mg capsule',
      'three times daily',
      'Full blood count',
      'URGENT',
      'Refills authorised: 1',
      'Scan to verify',
      'Signature fingerprint: 3f9a 1c07 9b2e 44d0',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('DRAFT');
  });

  it("writes dates on the clinic's calendar, not UTC's", async () => {
    const tokyo = printout({
      issuedAt: '2026-12-04T23:30:00.000Z',
      validUntil: '2027-01-03T15:30:00.000Z',
      clinic: { ...printout().clinic, timeZone: 'Asia/Tokyo' },
    });
    const text = await flatText(await renderPrescriptionPdf(tokyo, 'A4'));
    expect(text).toContain('Issued: 5 Dec 2026, 08:30');
    expect(text).toContain('Valid until: 4 Jan 2027');
  });

  it('prints a draft with a DRAFT banner and no QR code', async () => {
    const draft = printout({ status: 'draft', issuedAt: null, verifyUrl: null, signatureFingerprint: null });
    const pdf = await renderPrescriptionPdf(draft, 'A4');
    expect(await pdfImages(pdf)).toHaveLength(0);
    const text = await flatText(pdf);
    expect(text).toContain('DRAFT — not valid for dispensing');
    expect(text).not.toContain('Scan to verify');
  });

  it('gives a draft no QR code even if a URL is passed by mistake', async () => {
    const pdf = await renderPrescriptionPdf(printout({ status: 'draft', issuedAt: null }), 'LETTER');
    expect(await pdfImages(pdf)).toHaveLength(0);
  });

  it('prints a cancelled prescription with CANCELLED and the reason', async () => {
    const pdf = await renderPrescriptionPdf(printout({ status: 'cancelled', cancelledReason: 'Wrong strength prescribed' }), 'A4');
    const text = await flatText(pdf);
    expect(text).toContain('CANCELLED');
    expect(text).toContain('Reason: Wrong strength prescribed');
  });

  it('continues a long items table on further pages, with every item and page numbers', async () => {
    for (const paper of ['A4', 'LETTER'] as const) {
      const pdf = await renderPrescriptionPdf(printout({ items: longItems }), paper);
      const pages = await pdfText(pdf);
      expect(pages.length).toBeGreaterThan(1);
      const text = pages.join(' ').replace(/\s+/g, ' ');
      for (const item of longItems) expect(text).toContain(`${item.name} ${item.strength} tablet`);
      expect(pages[1]).toContain('Medicine (continued)');
      expect(pages.at(-1)).toContain(`Page ${pages.length} of ${pages.length}`);
      // The QR code is printed once, on the last page.
      expect((await pdfImages(pdf)).map((image) => image.page)).toEqual([pages.length - 1]);
    }
  });

  it('embeds the drawing, scaled, besides the QR code', async () => {
    const pdf = await renderPrescriptionPdf(printout({ drawing: smallPng(40, 30) }), 'A4');
    const images = await pdfImages(pdf);
    expect(images.map((image) => [image.width, image.height])).toContainEqual([40, 30]);
    expect(images).toHaveLength(2);
    expect(await flatText(pdf)).toContain('Sketch');
  });

  it('still prints when the drawing is not a PNG, saying it could not be read', async () => {
    const pdf = await renderPrescriptionPdf(printout({ drawing: Buffer.from('not an image') }), 'A4');
    expect(await flatText(pdf)).toContain('could not be read');
  });

  it('prints an allergy override note with its reason', async () => {
    const pdf = await renderPrescriptionPdf(printout({ allergyOverrideReason: 'Mild rash in 1998; tolerated since' }), 'A4');
    const text = await flatText(pdf);
    expect(text).toContain('Allergy override');
    expect(text).toContain('Mild rash in 1998; tolerated since');
  });

  it("puts the number and clinic in the document info, never the patient's name", async () => {
    const doc = await PDFDocument.load(await renderPrescriptionPdf(printout(), 'A4'), { updateMetadata: false });
    expect(doc.getTitle()).toBe('RX-2026-000123');
    expect(doc.getAuthor()).toBe('Riverside Family Clinic');
    const info = [doc.getTitle(), doc.getAuthor(), doc.getSubject(), doc.getKeywords(), doc.getCreator(), doc.getProducer()].join('|');
    expect(info).not.toContain('Margaret');
    expect(info).not.toContain('Hill');
  });

  it('renders names outside Latin-1 (Polish, Greek, Cyrillic) as those letters', async () => {
    const names = ['José Łukasz Zoë Ærø', 'Ελένη Παπαδοπούλου', 'Дмитрий Иванов'];
    const pdf = await renderPrescriptionPdf(
      printout({
        patient: { name: names.join(' / '), dateOfBirth: '1990-01-31' },
        doctor: { ...printout().doctor, name: 'Dr Żaneta Øster' },
      }),
      'A4',
    );
    const text = await flatText(pdf);
    for (const name of [...names, 'Dr Żaneta Øster']) expect(text).toContain(name);
  });
});
