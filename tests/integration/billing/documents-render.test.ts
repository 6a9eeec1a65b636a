// The billing PDF renderers on their own (no database): pages that break cleanly on a long invoice,
// claims and refunds printed, the receipt of one payment holding only that payment, fallbacks for a
// language or zone the runtime or font cannot write, and the render time (the font is parsed once
// per process, so a document costs milliseconds, not the 80 ms of parsing two faces each time).
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { BillingPrintout } from '../../../server/modules/billing/document-data.js';
import { renderInvoicePdf } from '../../../server/modules/billing/invoice-pdf.js';
import { renderReceiptPdf } from '../../../server/modules/billing/receipt-pdf.js';
import type { InvoiceView } from '../../../server/modules/billing/schemas.js';
import { pdfText } from '../../support/pdf-inspect.js';

const AT = '2026-12-04T23:30:00.000Z';

function line(i: number, extra: Partial<InvoiceView['lines'][number]> = {}): InvoiceView['lines'][number] {
  return {
    id: `L${i}`,
    kind: 'other',
    description: `Service number ${i} with a description long enough to wrap inside its column on paper`,
    quantity: 2,
    unitAmountMinor: 1_250,
    amountMinor: 2_500,
    reason: null,
    createdAt: AT,
    voided: false,
    voidedAt: null,
    voidReason: null,
    ...extra,
  };
}

function payment(i: number, extra: Partial<InvoiceView['payments'][number]> = {}): InvoiceView['payments'][number] {
  return {
    id: `P${i}`,
    invoiceId: 'I1',
    receiptNumber: `RCT-2026-00000${i}`,
    method: 'cash',
    gateway: 'desk',
    amountMinor: 1_000,
    refundedMinor: 0,
    currency: 'USD',
    reference: null,
    status: 'succeeded',
    desk: 'front',
    receivedBy: null,
    receivedAt: AT,
    ...extra,
  };
}

function printout(invoice: Partial<InvoiceView> = {}, clinic: Partial<BillingPrintout['clinic']> = {}): BillingPrintout {
  return {
    clinic: {
      name: 'Riverside Clinic',
      address: '12 Mill Lane',
      phone: '+44 20 7946 0000',
      timeZone: 'Asia/Tokyo',
      language: 'en',
      ...clinic,
    },
    paper: 'A4',
    printedAt: '2026-12-06T09:00:00.000Z',
    invoice: {
      id: 'I1',
      number: 'INV-2026-000042',
      patientId: 'PA',
      patientName: 'Margaret Hill',
      appointmentId: 'AP',
      locationId: 'LO',
      status: 'partially_paid',
      insurancePending: false,
      currency: 'USD',
      lines: [line(1), line(2)],
      totalMinor: 5_000,
      paidMinor: 2_000,
      balanceMinor: 3_000,
      payments: [payment(1), payment(2, { method: 'card', reference: 'ch_1Nabcdefgh9876' })],
      refunds: [],
      claims: [],
      voidReason: null,
      createdAt: AT,
      updatedAt: AT,
      version: 1,
      ...invoice,
    },
  };
}

const flat = async (pdf: Buffer) => (await pdfText(pdf)).join(' ').replace(/\s+/g, ' ');

describe('renderInvoicePdf', () => {
  it("dates the invoice on the clinic's calendar, not UTC's", async () => {
    // 23:30 UTC on 4 December is 08:30 on 5 December in Tokyo.
    expect(await flat(await renderInvoicePdf(printout()))).toContain('Date: Dec 5, 2026');
  });

  it('runs a long invoice over pages, repeating the column headings, numbering the pages', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => line(i + 1));
    const pdf = await renderInvoicePdf(printout({ lines, totalMinor: 150_000, paidMinor: 2_000, balanceMinor: 148_000 }));
    const pages = await pdfText(pdf);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages.slice(1)) expect(page).toContain('Description');
    const all = pages.join(' ').replace(/\s+/g, ' ');
    for (const l of lines) expect(all).toContain(`Service number ${l.id.slice(1)} `);
    expect(all).toContain(`Page ${pages.length} of ${pages.length}`);
    expect(all).toContain('Balance due $1,480.00');
  });

  it('prints refunds and insurance claims with provider, policy, status and patient share', async () => {
    const text = await flat(
      await renderInvoicePdf(
        printout({
          insurancePending: true,
          payments: [payment(1, { refundedMinor: 400, status: 'partially_refunded' })],
          refunds: [
            {
              id: 'R1',
              paymentId: 'P1',
              amountMinor: 400,
              currency: 'USD',
              reason: 'Charged twice',
              status: 'succeeded',
              refundedBy: null,
              refundedAt: AT,
            },
          ],
          claims: [
            {
              id: 'C1',
              invoiceId: 'I1',
              provider: 'Acme Health',
              policyNumber: 'POL-778812',
              claimedMinor: 2_000,
              patientShareMinor: 1_000,
              status: 'pending',
              approvedMinor: null,
              decisionReason: null,
              decidedAt: null,
              createdAt: AT,
            },
          ],
        }),
      ),
    );
    for (const expected of [
      'Refunds',
      'RCT-2026-000001',
      'Charged twice',
      '−$4.00',
      'Insurance',
      'Acme Health',
      'POL-778812',
      'pending',
      '$20.00',
      '$10.00',
      'Insurance claim pending',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('writes in English, in UTC said so, when the language or the zone is unknown to the runtime', async () => {
    const text = await flat(await renderInvoicePdf(printout({}, { language: 'not a language!', timeZone: 'Mars/Olympus' })));
    expect(text).toContain('Date: Dec 4, 2026 UTC');
    expect(text).toContain('Total $50.00');
  });

  it('renders a typical invoice in well under 100 ms', async () => {
    const p = printout();
    await renderInvoicePdf(p);
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const started = performance.now();
      await renderInvoicePdf(p);
      times.push(performance.now() - started);
    }
    // The median: one slow run under a loaded suite (a GC pause) says nothing about the renderer.
    times.sort((a, b) => a - b);
    expect(times[3]).toBeLessThan(100);
  });
});

describe('renderReceiptPdf', () => {
  it("prints one payment's receipt with only that payment, its card reference masked", async () => {
    const text = await flat(await renderReceiptPdf(printout(), 'P2'));
    expect(text).toContain('RECEIPT RCT-2026-000002');
    expect(text).toContain('Invoice: INV-2026-000042');
    expect(text).toContain('•••• 9876');
    expect(text).not.toContain('ch_1Nabcdefgh9876');
    expect(text).not.toContain('RCT-2026-000001');
    expect(text).toContain('Balance still due: $30.00');
  });

  it('dates the receipt of the invoice so far by the download, and names the invoice it is for', async () => {
    const text = await flat(await renderReceiptPdf(printout()));
    expect(text).toContain('RECEIPT INV-2026-000042');
    expect(text).toContain('Date: Dec 6, 2026');
    expect(text).toContain('RCT-2026-000001');
    expect(text).toContain('RCT-2026-000002');
  });

  it('says so when the invoice was voided after its payments were refunded', async () => {
    const refunded = payment(1, { refundedMinor: 1_000, status: 'refunded' });
    const text = await flat(
      await renderReceiptPdf(
        printout({ status: 'void', voidReason: 'Wrong patient', paidMinor: 0, balanceMinor: 0, payments: [refunded] }),
      ),
    );
    expect(text).toContain('Invoice INV-2026-000042 is VOID.');
    expect(text).not.toContain('Paid in full');
  });

  it('is on the paper asked for', async () => {
    const pdf = await renderReceiptPdf({ ...printout(), paper: 'LETTER' });
    expect((await PDFDocument.load(pdf)).getPage(0).getSize()).toEqual({ width: 612, height: 792 });
  });
});
