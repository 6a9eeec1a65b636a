// The printable prescription: a pure renderer from a PrescriptionPrintout to PDF bytes (pdfkit), laid
// out like a clinic's paper script: clinic header, prescriber and patient, the medicines, tests,
// advice, the prescriber's sketch, and at the foot the QR code a pharmacy scans to verify the
// signature. No database, no Fastify: the route reads and checks, this only draws.
// The items table is in pdf-items.ts, the QR code in pdf-assets.ts; the page, font and footers are server/pdf/.
import { DateTime } from 'luxon';
import { AMBER, contentWidth, type Doc, drawPageFooters, ensureSpace, framedNote, GREY, RED, startDocument } from '../../pdf/document.js';
import { qrPng } from './pdf-assets.js';
import { drawItemsTable } from './pdf-items.js';
import type { PaperSize, PrescriptionPrintout } from './printout.js';

/** The printed QR code is 110 pt (39 mm) wide: a module of a long signed URL stays near 0.7 mm. */
const QR_SIZE = 110;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export async function renderPrescriptionPdf(p: PrescriptionPrintout, paper: PaperSize): Promise<Buffer> {
  // A draft is not signed: even if a URL were passed, it must not carry a scannable "verify" code.
  const qr = p.status !== 'draft' && p.verifyUrl ? await qrPng(p.verifyUrl) : null;
  const { doc, bytes } = startDocument(paper, { title: p.number, author: p.clinic.name, subject: 'Prescription' });

  drawHeader(doc, p);
  drawStatusBanner(doc, p);
  drawParties(doc, p);
  if (p.diagnosis?.trim()) paragraph(doc, 'Diagnosis', p.diagnosis.trim());
  heading(doc, 'Medicines');
  if (p.items.length > 0) drawItemsTable(doc, p.items);
  else paragraph(doc, null, 'No medicines on this prescription.');
  paragraph(doc, null, p.refills > 0 ? `Refills authorised: ${p.refills}` : 'Refills authorised: none');
  drawTests(doc, p.testsOrdered);
  if (p.advice?.trim()) paragraph(doc, 'Advice', p.advice.trim());
  if (p.allergyOverrideReason?.trim()) drawAllergyOverride(doc, p.allergyOverrideReason.trim());
  if (p.drawing && p.drawing.length > 0) drawSketch(doc, p.drawing);
  drawVerification(doc, p, qr);
  drawPageFooters(doc, `${p.number} · ${p.patient.name}`);
  doc.end();
  return bytes;
}

/** A date (and time) as the clinic's wall clock shows it; an unknown zone falls back to UTC, said so. */
function clinicTime(iso: string, zone: string, withTime: boolean): string {
  let at = DateTime.fromISO(iso, { zone });
  let zoneNote = '';
  if (!at.isValid) {
    at = DateTime.fromISO(iso, { zone: 'UTC' });
    zoneNote = ' UTC';
    if (!at.isValid) return iso;
  }
  // Month names from a fixed list: some ICU builds abbreviate September "Sept" in en-GB.
  const date = `${at.day} ${MONTHS[at.month - 1]} ${at.year}`;
  return withTime ? `${date}, ${at.toFormat('HH:mm')}${zoneNote}` : `${date}${zoneNote}`;
}

function birthDate(ymd: string): string {
  const at = DateTime.fromISO(ymd, { zone: 'UTC' });
  return at.isValid ? `${at.day} ${MONTHS[at.month - 1]} ${at.year}` : ymd;
}

function heading(doc: Doc, title: string): void {
  ensureSpace(doc, 40);
  doc
    .moveDown(0.6)
    .font('Bold')
    .fontSize(11)
    .fillColor('black')
    .text(title, { width: contentWidth(doc) });
  doc.moveDown(0.2);
}

function paragraph(doc: Doc, title: string | null, text: string): void {
  if (title) heading(doc, title);
  else ensureSpace(doc, 20);
  doc
    .font('Body')
    .fontSize(10)
    .fillColor('black')
    .text(text, { width: contentWidth(doc) });
  doc.moveDown(0.3);
}

function drawHeader(doc: Doc, p: PrescriptionPrintout): void {
  const left = doc.page.margins.left;
  const top = doc.page.margins.top;
  const width = contentWidth(doc);
  const leftWidth = width * 0.58;
  const rightWidth = width - leftWidth;
  doc.font('Bold').fontSize(15).fillColor('black').text(p.clinic.name, left, top, { width: leftWidth });
  doc.font('Body').fontSize(9).fillColor(GREY).text(p.clinic.address, { width: leftWidth });
  doc.text(`Tel. ${p.clinic.phone}`, { width: leftWidth });
  const leftBottom = doc.y;

  const zone = p.clinic.timeZone;
  doc
    .font('Bold')
    .fontSize(18)
    .fillColor('black')
    .text('Prescription', left + leftWidth, top, { width: rightWidth, align: 'right' });
  doc.font('Bold').fontSize(10).text(p.number, { width: rightWidth, align: 'right' });
  doc.font('Body').fontSize(9).fillColor(GREY);
  doc.text(`Issued: ${p.issuedAt ? clinicTime(p.issuedAt, zone, true) : 'not signed'}`, { width: rightWidth, align: 'right' });
  doc.text(`Valid until: ${p.validUntil ? clinicTime(p.validUntil, zone, false) : '—'}`, { width: rightWidth, align: 'right' });

  const bottom = Math.max(leftBottom, doc.y) + 8;
  doc
    .save()
    .moveTo(left, bottom)
    .lineTo(left + width, bottom)
    .lineWidth(1)
    .strokeColor('black')
    .stroke()
    .restore();
  doc.x = left;
  doc.y = bottom + 10;
  doc.fillColor('black');
}

/** Draft, cancelled and expired scripts say so in a framed line nobody can miss. */
function drawStatusBanner(doc: Doc, p: PrescriptionPrintout): void {
  let title: string | null = null;
  let detail: string | null = null;
  if (p.status === 'draft') title = 'DRAFT — not valid for dispensing';
  if (p.status === 'expired') title = 'EXPIRED — not valid for dispensing';
  if (p.status === 'cancelled') {
    title = 'CANCELLED — not valid for dispensing';
    detail = p.cancelledReason?.trim() ? `Reason: ${p.cancelledReason.trim()}` : null;
  }
  if (!title) return;
  framedNote(doc, RED, title, detail, 14);
}

function drawParties(doc: Doc, p: PrescriptionPrintout): void {
  const left = doc.page.margins.left;
  const half = contentWidth(doc) / 2;
  const top = doc.y;
  const column = (x: string[], at: number, title: string) => {
    doc
      .font('Body')
      .fontSize(8)
      .fillColor(GREY)
      .text(title.toUpperCase(), at, top, { width: half - 10 });
    doc
      .font('Bold')
      .fontSize(11)
      .fillColor('black')
      .text(x[0]!, { width: half - 10 });
    doc.font('Body').fontSize(9);
    for (const line of x.slice(1)) doc.text(line, { width: half - 10 });
    return doc.y;
  };
  const doctorLines = [p.doctor.name, ...(p.doctor.specialization?.trim() ? [p.doctor.specialization.trim()] : [])];
  const prescriberBottom = column([...doctorLines, `Licence no. ${p.doctor.licenseNumber}`], left, 'Prescriber');
  const patientBottom = column([p.patient.name, `Date of birth: ${birthDate(p.patient.dateOfBirth)}`], left + half, 'Patient');
  doc.x = left;
  doc.y = Math.max(prescriberBottom, patientBottom) + 6;
}

function drawTests(doc: Doc, tests: PrescriptionPrintout['testsOrdered']): void {
  if (tests.length === 0) return;
  heading(doc, 'Tests ordered');
  for (const test of tests) {
    ensureSpace(doc, 14);
    const urgent = test.priority !== 'routine';
    doc
      .font('Body')
      .fontSize(10)
      .fillColor('black')
      .text(`•  ${test.name} — `, { continued: true, width: contentWidth(doc) });
    doc
      .font(urgent ? 'Bold' : 'Body')
      .fillColor(urgent ? RED : 'black')
      .text(urgent ? test.priority.toUpperCase() : 'routine');
  }
  doc.fillColor('black').moveDown(0.3);
}

function drawAllergyOverride(doc: Doc, reason: string): void {
  doc.moveDown(0.5);
  framedNote(doc, AMBER, 'Allergy override', `Prescribed despite a recorded allergy. Reason: ${reason}`, 11);
}

/** Width and height from a PNG's IHDR chunk, or null when the bytes are not a PNG. */
function pngSize(png: Buffer): { width: number; height: number } | null {
  const signature = '89504e470d0a1a0a';
  if (png.length < 24 || png.subarray(0, 8).toString('hex') !== signature || png.toString('latin1', 12, 16) !== 'IHDR') return null;
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  return width > 0 && height > 0 ? { width, height } : null;
}

/** The sketch, scaled down (never up) to the content width and a quarter of the page's height. */
function drawSketch(doc: Doc, png: Buffer): void {
  const size = pngSize(png);
  const scale = size ? Math.min(1, contentWidth(doc) / size.width, doc.page.height / 4 / size.height) : 0;
  const width = size ? size.width * scale : 0;
  const height = size ? size.height * scale : 0;
  ensureSpace(doc, height + 40);
  heading(doc, 'Sketch');
  const top = doc.y;
  try {
    if (!size) throw new Error('not a PNG');
    doc.image(png, doc.page.margins.left, top, { width, height });
  } catch {
    // A damaged attachment must not stop the script itself from printing.
    paragraph(doc, null, '(The attached sketch could not be read.)');
    return;
  }
  doc.x = doc.page.margins.left;
  doc.y = top + height + 6;
}

/** The foot of the last page: QR code, URL and fingerprint, or for a draft the reason there is none. */
function drawVerification(doc: Doc, p: PrescriptionPrintout, qr: Buffer | null): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const height = qr ? QR_SIZE : 40;
  const bottom = doc.page.height - doc.page.margins.bottom;
  if (doc.y + height + 12 > bottom) doc.addPage();
  // Anchored to the bottom margin, where a pharmacist expects the code on every script.
  const top = doc.page.height - doc.page.margins.bottom - height;
  doc
    .save()
    .moveTo(left, top - 8)
    .lineTo(left + width, top - 8)
    .lineWidth(0.5)
    .strokeColor('#999999')
    .stroke()
    .restore();
  if (!qr || !p.verifyUrl) {
    doc.font('Bold').fontSize(10).fillColor(RED).text('Not signed', left, top, { width });
    doc.font('Body').fontSize(9).fillColor('black').text('This draft has no signature and cannot be verified or dispensed.', { width });
    return;
  }
  doc.image(qr, left, top, { width: QR_SIZE, height: QR_SIZE });
  const textLeft = left + QR_SIZE + 12;
  const textWidth = width - QR_SIZE - 12;
  doc
    .font('Bold')
    .fontSize(11)
    .fillColor('black')
    .text('Scan to verify', textLeft, top + 8, { width: textWidth });
  doc.font('Body').fontSize(7).fillColor(GREY).text(p.verifyUrl, { width: textWidth });
  doc.moveDown(0.6).font('Body').fontSize(9).fillColor('black');
  const signed = p.issuedAt ? ` on ${clinicTime(p.issuedAt, p.clinic.timeZone, true)}` : '';
  doc.text(`Signed electronically by ${p.doctor.name}${signed}`, { width: textWidth });
  if (p.signatureFingerprint) doc.text(`Signature fingerprint: ${p.signatureFingerprint}`, { width: textWidth });
}
