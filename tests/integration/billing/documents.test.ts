// Billing's PDFs through the API (issue 16 "Receipts and invoices as PDF"): each downloaded and read
// back through the embedded font's ToUnicode map, as a patient or the desk would see it: number,
// patient, every line, totals in the location's currency and language, VOID, receipts with their
// numbers and masked card references; who may download which; the headers; the audit entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, bearer, display, patient } from '../../support/factories.js';
import { pdfText } from '../../support/pdf-inspect.js';
import type { PrescribingClinic } from '../../support/prescribing.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';
import { clinicBilling, pay, pricedInvoice, refund, voidOneLine, voidWhole } from './documents-fixtures.js';

let hub: TestHub;
let clinic: PrescribingClinic;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await clinicBilling(hub);
});
afterAll(() => hub.close());

const get = (actor: Actor | null, url: string) => hub.app.inject({ method: 'GET', url, headers: actor?.token ? bearer(actor.token) : {} });

/** All the text, wrapped lines joined and every kind of space (the NBSP of "50,00 €") as one. */
async function textOf(res: { statusCode: number; body: string; rawPayload: Buffer }): Promise<string> {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  return (await pdfText(res.rawPayload)).join(' ').replace(/\s+/g, ' ');
}

async function patientName(patientId: string): Promise<string> {
  const res = await get(clinic.admin, `/api/patients/${patientId}`);
  const p = res.json();
  return `${p.firstName} ${p.lastName}`;
}

describe('GET /api/invoices/:id/invoice.pdf', () => {
  it('prints the clinic, INVOICE, number, patient, every line and the totals in dollars', async () => {
    const { invoiceId } = await pricedInvoice(hub, clinic, [
      { description: 'Consultation, general practice', unitAmountMinor: 4_000 },
      { description: 'Amoxicillin 500 mg capsules', unitAmountMinor: 250, quantity: 4 },
    ]);
    await pay(hub, invoiceId, 2_000, 'card', 'pi_3Q1234567890ABCD');
    const res = await get(clinic.receptionist, `/api/invoices/${invoiceId}/invoice.pdf`);
    const text = await textOf(res);
    const number = /INV-\d{4}-\d{6}/.exec(text)?.[0];
    expect(number).toBeDefined();
    for (const expected of [
      clinic.location.name,
      'INVOICE',
      await patientName(clinic.patient.patientId),
      'Consultation, general practice',
      'Amoxicillin 500 mg capsules',
      '$40.00',
      '$2.50',
      '$10.00',
      'Total $50.00',
      'Paid $20.00',
      'Balance due $30.00',
      'PARTIALLY PAID',
      '•••• ABCD',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('pi_3Q1234567890ABCD');
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="${number}.pdf"`);
    expect(res.headers['cache-control']).toBe('private, no-store');
  });

  it('marks a void invoice VOID with its reason, and a voided line as voided', async () => {
    const { invoiceId, lineIds } = await pricedInvoice(hub, clinic, [
      { description: 'Dressing change', unitAmountMinor: 1_500 },
      { description: 'Entered by mistake', unitAmountMinor: 900 },
    ]);
    await voidOneLine(hub, invoiceId, lineIds[1]!, 'Typed twice', clinic.receptionist.userId!);
    const open = await textOf(await get(clinic.admin, `/api/invoices/${invoiceId}/invoice.pdf`));
    expect(open).toContain('Entered by mistake');
    expect(open).toContain('VOIDED: Typed twice');
    expect(open).toContain('Total $15.00');
    expect(open).not.toContain('VOID Reason');

    await voidWhole(hub, invoiceId, 'Visit billed to the wrong patient', clinic.receptionist.userId!);
    const voided = await textOf(await get(clinic.admin, `/api/invoices/${invoiceId}/invoice.pdf`));
    expect(voided).toContain('VOID Reason: Visit billed to the wrong patient');
    expect(voided).toContain('Balance due $0.00');
  });

  it('writes yen at a JPY location and euros the German way at a de location', async () => {
    const tokyo = await clinicBilling(hub, 'JPY', 'en');
    const yen = await pricedInvoice(hub, tokyo, [{ description: 'Shoshin (first visit)', unitAmountMinor: 5_000 }]);
    expect(await textOf(await get(tokyo.receptionist, `/api/invoices/${yen.invoiceId}/invoice.pdf`))).toContain('Total ¥5,000');

    const berlin = await clinicBilling(hub, 'EUR', 'de');
    const euro = await pricedInvoice(hub, berlin, [{ description: 'Hausärztliche Beratung', unitAmountMinor: 5_000 }]);
    const text = await textOf(await get(berlin.receptionist, `/api/invoices/${euro.invoiceId}/invoice.pdf`));
    expect(text).toContain('Hausärztliche Beratung');
    expect(text).toContain('Total 50,00 €');
  });

  it('prints a Cyrillic name and line in the bundled font, and falls back to English where the font has no glyphs', async () => {
    const kyiv = await clinicBilling(hub, 'UAH', 'uk');
    const { invoiceId } = await pricedInvoice(hub, kyiv, [{ description: 'Консультація терапевта', unitAmountMinor: 80_000 }]);
    const text = await textOf(await get(kyiv.receptionist, `/api/invoices/${invoiceId}/invoice.pdf`));
    expect(text).toContain('Консультація терапевта');
    expect(text).not.toContain('\uFFFD');
    // Ukrainian writes hryvnias as "800,00 грн."
    expect(text).toMatch(/800,00 (грн|₴)/);

    const osaka = await clinicBilling(hub, 'JPY', 'ja');
    const yen = await pricedInvoice(hub, osaka, [{ description: 'Consultation', unitAmountMinor: 3_000 }]);
    const ja = await textOf(await get(osaka.receptionist, `/api/invoices/${yen.invoiceId}/invoice.pdf`));
    // Japanese writes "￥3,000" and "2026/12/05": the full-width yen is not in DejaVu Sans, so English it is.
    expect(ja).toContain('¥3,000');
    expect(ja).not.toContain('\uFFFD');
  });

  it('prints on US Letter at a location with US units, on A4 elsewhere, or as asked', async () => {
    const { PDFDocument } = await import('pdf-lib');
    const sizeOf = async (res: { rawPayload: Buffer }) => (await PDFDocument.load(res.rawPayload)).getPage(0).getSize();
    const us = await clinicBilling(hub, 'USD', 'en-US', 'us');
    const { invoiceId } = await pricedInvoice(hub, us, [{ description: 'Office visit', unitAmountMinor: 12_000 }]);
    expect(await sizeOf(await get(us.admin, `/api/invoices/${invoiceId}/invoice.pdf`))).toEqual({ width: 612, height: 792 });
    const a4 = await sizeOf(await get(us.admin, `/api/invoices/${invoiceId}/invoice.pdf?paper=A4`));
    expect(a4.width).toBeCloseTo(595.28, 1);
    expect((await get(us.admin, `/api/invoices/${invoiceId}/invoice.pdf?paper=A3`)).statusCode).toBe(400);
  });
});

describe('the receipts', () => {
  it('lists every payment and refund with receipt numbers, masks card references, and says what is still due', async () => {
    const { invoiceId } = await pricedInvoice(hub, clinic, [{ description: 'Minor procedure', unitAmountMinor: 10_000 }]);
    const cash = await pay(hub, invoiceId, 3_000);
    const card = await pay(hub, invoiceId, 5_000, 'card', '4111111111114242');
    await refund(hub, invoiceId, cash.id, 1_000, 'Overcharged for the dressing');
    const res = await get(clinic.receptionist, `/api/invoices/${invoiceId}/receipt.pdf`);
    const text = await textOf(res);
    for (const expected of [
      'RECEIPT',
      cash.receiptNumber,
      card.receiptNumber,
      'Cash',
      'Card',
      '•••• 4242',
      '$30.00',
      '$50.00',
      'Refunds',
      '−$10.00',
      'Balance still due: $30.00',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('4111111111114242');
    expect(text).not.toContain('Paid in full');
    expect(res.headers['content-disposition']).toMatch(/^inline; filename="INV-\d{4}-\d{6}-receipt\.pdf"$/);

    await pay(hub, invoiceId, 3_000, 'cash');
    expect(await textOf(await get(clinic.patient, `/api/invoices/${invoiceId}/receipt.pdf`))).toContain('Paid in full');
  });

  it('is 404 "No payment on this invoice yet" before the first payment', async () => {
    const { invoiceId } = await pricedInvoice(hub, clinic, [{ description: 'Unpaid visit', unitAmountMinor: 2_500 }]);
    const res = await get(clinic.receptionist, `/api/invoices/${invoiceId}/receipt.pdf`);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', message: 'No payment on this invoice yet' });
  });

  it("prints one payment's receipt under its own receipt number", async () => {
    const { invoiceId } = await pricedInvoice(hub, clinic, [{ description: 'Vaccination', unitAmountMinor: 6_000 }]);
    const first = await pay(hub, invoiceId, 1_000);
    const second = await pay(hub, invoiceId, 5_000, 'card', 'TERM-7788-9911');
    const res = await get(clinic.patient, `/api/payments/${second.id}/receipt.pdf`);
    const text = await textOf(res);
    expect(text).toContain(`RECEIPT ${second.receiptNumber}`);
    expect(text).toContain('•••• 9911');
    expect(text).toContain('Paid in full');
    expect(text).not.toContain(first.receiptNumber);
    expect(res.headers['content-disposition']).toBe(`inline; filename="${second.receiptNumber}.pdf"`);
    expect(res.headers['cache-control']).toBe('private, no-store');
  });
});

describe('who may download', () => {
  it('the desk and the patient billed; another patient gets 404, clinicians and screens 403, no one 401', async () => {
    const { invoiceId } = await pricedInvoice(hub, clinic, [{ description: 'Check-up', unitAmountMinor: 3_000 }]);
    const payment = await pay(hub, invoiceId, 1_000);
    const stranger = await patient(hub);
    const screen = await display(hub, clinic.location.id);
    const urls = [
      `/api/invoices/${invoiceId}/invoice.pdf`,
      `/api/invoices/${invoiceId}/receipt.pdf`,
      `/api/payments/${payment.id}/receipt.pdf`,
    ];
    for (const url of urls) {
      for (const actor of [clinic.admin, clinic.receptionist, clinic.patient]) expect((await get(actor, url)).statusCode, url).toBe(200);
      const hidden = await get(stranger, url);
      expect(hidden.statusCode, url).toBe(404);
      expect(hidden.json().code).toBe('NOT_FOUND');
      for (const actor of [clinic.doctor, clinic.pharmacist, screen]) {
        const refused = await get(actor, url);
        expect(refused.statusCode, url).toBe(403);
        expect(refused.json().code).toBe('FORBIDDEN');
      }
      expect((await get(null, url)).statusCode, url).toBe(401);
    }
  });

  it('404 for an invoice or payment that does not exist', async () => {
    const missing = '01JZZZZZZZZZZZZZZZZZZZZZZZ';
    expect((await get(clinic.admin, `/api/invoices/${missing}/invoice.pdf`)).statusCode).toBe(404);
    expect((await get(clinic.admin, `/api/payments/${missing}/receipt.pdf`)).statusCode).toBe(404);
  });
});

describe('the audit entry of a download', () => {
  it('records who read which invoice, and none of its lines', async () => {
    const marked = `Marked line ${Math.random().toString(36).slice(2, 10)}`;
    const { invoiceId } = await pricedInvoice(hub, clinic, [{ description: marked, unitAmountMinor: 700 }]);
    const res = await get(clinic.patient, `/api/invoices/${invoiceId}/invoice.pdf`);
    expect(res.statusCode).toBe(200);
    const requestId = String(res.headers['x-request-id']);
    // Written just after the response: wait (bounded, no sleep) until it has landed.
    for (let i = 0; i < 500 && !(await hub.app.audit.entries.findOne({ requestId })); i++) await hub.app.redis.ping();
    const entry = await hub.app.audit.entries.findOne({ requestId });
    expect(entry).toMatchObject({
      action: 'read /api/invoices/:id/invoice.pdf',
      outcome: 'ok',
      actorId: clinic.patient.userId,
      targetType: 'invoices',
      targetId: invoiceId,
    });
    const everything = JSON.stringify(await hub.app.audit.entries.find({}).toArray());
    expect(everything).not.toContain(marked);
  });
});
