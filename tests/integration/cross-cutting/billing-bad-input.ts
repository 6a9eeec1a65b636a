// The bad-input table's cases for billing's core (issue 16): invoices, their lines, voids, desk
// payments and the prices (a type's, a doctor's fee, a location's currency). Each is a 4xx with a
// stable code and writes nothing: no line, payment, receipt number or changed total (the table's
// checksums cover invoices, invoice_lines, payments and billing_counters). Sent as an admin, who
// could otherwise succeed.
import { eq } from 'drizzle-orm';
import { invoiceLines } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { addLines, createInvoice, lockInvoice, recordPayment, voidInvoice } from '../../../server/modules/billing/ledger.js';
import type { BadInputCase } from '../../support/bad-input.js';
import { type Actor, bearer } from '../../support/factories.js';
import type { PrescriptionMaker } from '../../support/prescription-objects.js';
import type { TestHub } from '../../support/test-hub.js';

export interface BillingFixtures {
  /** Owes 5,000 on one line. */
  openId: string;
  openLineId: string;
  openVersion: number;
  /** 5,000 billed, 2,000 paid: its one line cannot be voided (LINE_BELOW_PAID), nor the invoice. */
  partId: string;
  partLineId: string;
  paidId: string;
  voidId: string;
  paymentId: string;
  typeId: string;
  doctorId: string;
  locationId: string;
}

const UNKNOWN_ID = '01JAAAAAAAAAAAAAAAAAAAAAAA';

/** Made before the table's snapshot. */
export async function billingFixtures(
  hub: TestHub,
  world: { admin: Actor; doctor: Actor; patient: Actor & { patientId: string }; location: { id: string } },
  make: PrescriptionMaker,
): Promise<BillingFixtures> {
  const visitId = await make.visit();
  const invoice = (paidMinor: number, voided = false) =>
    transactionWithRetry(hub.app.db, async (tx) => {
      const created = await createInvoice(tx, {
        patientId: world.patient.patientId,
        appointmentId: visitId,
        locationId: world.location.id,
        currency: 'USD',
        createdBy: null,
      });
      let row = await addLines(tx, created, [
        { kind: 'other', description: 'Table line', quantity: 1, unitAmountMinor: 5_000, createdBy: null },
      ]);
      let paymentId = '';
      if (paidMinor) {
        const paid = await recordPayment(tx, await lockInvoice(tx, created.id), {
          method: 'cash',
          gateway: 'desk',
          amountMinor: paidMinor,
          receivedBy: null,
        });
        row = paid.invoice;
        paymentId = paid.payment.id;
      }
      if (voided) row = await voidInvoice(tx, row, 'Table void', world.admin.userId!);
      const [line] = await tx.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, created.id));
      return { id: created.id, lineId: line!.id, version: row.version, paymentId };
    });
  const open = await invoice(0);
  const part = await invoice(2_000);
  const paid = await invoice(5_000);
  const voided = await invoice(0, true);
  const type = await hub.app.inject({
    method: 'POST',
    url: '/api/appointment-types',
    headers: bearer(world.admin.token),
    payload: { key: `table-${Date.now().toString(36)}`, name: 'Table visit', durationMinutes: 20, priceMinor: 3_000 },
  });
  if (type.statusCode !== 201) throw new Error(`type: ${type.body}`);
  return {
    openId: open.id,
    openLineId: open.lineId,
    openVersion: open.version,
    partId: part.id,
    partLineId: part.lineId,
    paidId: paid.id,
    voidId: voided.id,
    paymentId: part.paymentId,
    typeId: type.json().id,
    doctorId: world.doctor.doctorId!,
    locationId: world.location.id,
  };
}

export function billingCases(fx: () => BillingFixtures): BadInputCase[] {
  const V = 'VALIDATION_FAILED';
  const pay = (name: string, body: unknown, status = 400, code = V, id = () => fx().openId): BadInputCase => ({
    name: `billing: payment ${name}`,
    url: () => `/api/invoices/${id()}/payments`,
    body,
    status,
    code,
  });
  const cash = (over: Record<string, unknown>) => ({ method: 'cash', amountMinor: 1_000, ...over });
  const line = (name: string, body: unknown, status = 400, code = V, id = () => fx().openId): BadInputCase => ({
    name: `billing: line ${name}`,
    url: () => `/api/invoices/${id()}/lines`,
    body,
    status,
    code,
  });
  const dressing = (over: Record<string, unknown>) => ({ description: 'Dressing', unitAmountMinor: 500, reason: 'Applied', ...over });
  const get = (name: string, url: () => string, status = 400, code = V): BadInputCase => ({
    name: `billing: ${name}`,
    method: 'GET',
    url,
    status,
    code,
  });
  return [
    pay('negative amount', cash({ amountMinor: -100 })),
    pay('zero amount', cash({ amountMinor: 0 })),
    pay('fractional amount', cash({ amountMinor: 10.5 })),
    pay('amount as a string', cash({ amountMinor: '1000' })),
    pay('amount as null', cash({ amountMinor: null })),
    pay('amount above the limit', cash({ amountMinor: 100_000_001 })),
    pay('amount as an operator object', cash({ amountMinor: { $gt: 0 } })),
    pay('unknown method', cash({ method: 'bitcoin' })),
    pay('no method', { amountMinor: 1_000 }),
    pay('unknown field', cash({ discount: 100 })),
    pay('desk with spaces and capitals', cash({ desk: 'Front Desk!' })),
    pay('reference too long', cash({ reference: 'R'.repeat(101) })),
    pay('above the balance', cash({ amountMinor: 5_001 }), 409, 'OVERPAYMENT'),
    pay('on a void invoice', cash({}), 409, 'INVOICE_VOID', () => fx().voidId),
    pay('on a paid invoice', cash({}), 409, 'OVERPAYMENT', () => fx().paidId),
    pay('malformed invoice id', cash({}), 400, V, () => 'inv-1'),
    pay('unknown invoice', cash({}), 404, 'NOT_FOUND', () => UNKNOWN_ID),
    line('negative unit amount', dressing({ unitAmountMinor: -1 })),
    line('fractional unit amount', dressing({ unitAmountMinor: 1.25 })),
    line('unit amount above the limit', dressing({ unitAmountMinor: 100_000_001 })),
    line('line above the limit (quantity × unit)', dressing({ quantity: 2, unitAmountMinor: 100_000_000 })),
    line('quantity zero', dressing({ quantity: 0 })),
    line('quantity above 10,000', dressing({ quantity: 10_001 })),
    line('empty description', dressing({ description: '' })),
    line('description too long', dressing({ description: 'd'.repeat(201) })),
    line('no reason', { description: 'Dressing', unitAmountMinor: 500 }),
    line('empty reason', dressing({ reason: '' })),
    line('whitespace reason', dressing({ reason: '   ' })),
    line('reason too long', dressing({ reason: 'r'.repeat(501) })),
    line('reason as an operator object', dressing({ reason: { $ne: '' } })),
    line('unknown field', dressing({ kind: 'consultation' })),
    line('baseVersion zero', dressing({ baseVersion: 0 })),
    line('stale baseVersion', () => dressing({ baseVersion: fx().openVersion - 1 }), 409, 'CONFLICT'),
    line('on a paid invoice', dressing({}), 409, 'INVOICE_PAID', () => fx().paidId),
    line('on a void invoice', dressing({}), 409, 'INVOICE_VOID', () => fx().voidId),
    {
      name: 'billing: void line without a reason',
      url: () => `/api/invoices/${fx().openId}/lines/${fx().openLineId}/void`,
      body: {},
      status: 400,
      code: V,
    },
    {
      name: 'billing: void line, malformed line id',
      url: () => `/api/invoices/${fx().openId}/lines/line-1/void`,
      body: { reason: 'Wrong' },
      status: 400,
      code: V,
    },
    {
      name: 'billing: void line of another invoice',
      url: () => `/api/invoices/${fx().openId}/lines/${fx().partLineId}/void`,
      body: { reason: 'Wrong' },
      status: 404,
      code: 'NOT_FOUND',
    },
    {
      name: 'billing: void line leaving less owed than paid',
      url: () => `/api/invoices/${fx().partId}/lines/${fx().partLineId}/void`,
      body: { reason: 'Wrong' },
      status: 409,
      code: 'LINE_BELOW_PAID',
    },
    {
      name: 'billing: void invoice, empty reason',
      url: () => `/api/invoices/${fx().openId}/void`,
      body: { reason: '' },
      status: 400,
      code: V,
    },
    {
      name: 'billing: void invoice, reason as a number',
      url: () => `/api/invoices/${fx().openId}/void`,
      body: { reason: 42 },
      status: 400,
      code: V,
    },
    {
      name: 'billing: void invoice with payments',
      url: () => `/api/invoices/${fx().partId}/void`,
      body: { reason: 'Billed in error' },
      status: 409,
      code: 'INVOICE_HAS_PAYMENTS',
    },
    {
      name: 'billing: void a void invoice',
      url: () => `/api/invoices/${fx().voidId}/void`,
      body: { reason: 'Again' },
      status: 409,
      code: 'INVOICE_VOID',
    },
    get('list, unknown status', () => '/api/invoices?status=overdue'),
    get('list, impossible date', () => '/api/invoices?from=2026-13-45'),
    get('list, limit zero', () => '/api/invoices?limit=0'),
    get('list, limit as text', () => '/api/invoices?limit=many'),
    get('list, malformed patient id', () => '/api/invoices?patientId=p-1'),
    get('list, unknown parameter', () => '/api/invoices?sort=total'),
    get('invoice, malformed id', () => '/api/invoices/inv-1'),
    get('invoice, unknown id', () => `/api/invoices/${UNKNOWN_ID}`, 404, 'NOT_FOUND'),
    get('payment, malformed id', () => '/api/payments/pay-1'),
    get('payment, unknown id', () => `/api/payments/${UNKNOWN_ID}`, 404, 'NOT_FOUND'),
    {
      name: 'billing: location currency not ISO 4217',
      method: 'PATCH',
      url: () => `/api/locations/${fx().locationId}`,
      body: { currency: 'XYZ' },
      status: 400,
      code: 'UNKNOWN_CURRENCY',
    },
    {
      name: 'billing: location currency in lower case',
      method: 'PATCH',
      url: () => `/api/locations/${fx().locationId}`,
      body: { currency: 'usd' },
      status: 400,
      code: V,
    },
    {
      name: 'billing: type price negative',
      method: 'PATCH',
      url: () => `/api/appointment-types/${fx().typeId}`,
      body: { priceMinor: -1 },
      status: 400,
      code: V,
    },
    {
      name: 'billing: type price fractional',
      method: 'PATCH',
      url: () => `/api/appointment-types/${fx().typeId}`,
      body: { priceMinor: 12.5 },
      status: 400,
      code: V,
    },
    {
      name: 'billing: type price above the limit',
      method: 'PATCH',
      url: () => `/api/appointment-types/${fx().typeId}`,
      body: { priceMinor: 100_000_001 },
      status: 400,
      code: V,
    },
    {
      name: 'billing: type change empty',
      method: 'PATCH',
      url: () => `/api/appointment-types/${fx().typeId}`,
      body: {},
      status: 400,
      code: V,
    },
    {
      name: 'billing: type unknown',
      method: 'PATCH',
      url: () => `/api/appointment-types/${UNKNOWN_ID}`,
      body: { priceMinor: 100 },
      status: 404,
      code: 'NOT_FOUND',
    },
    {
      name: 'billing: doctor fee as a string',
      method: 'PATCH',
      url: () => `/api/doctors/${fx().doctorId}`,
      body: { feeMinor: '100' },
      status: 400,
      code: V,
    },
    {
      name: 'billing: doctor change, unknown field',
      method: 'PATCH',
      url: () => `/api/doctors/${fx().doctorId}`,
      // The room is the doctor's to change now (issue 19); the ticket letter never is.
      body: { ticketPrefix: 'Z' },
      status: 400,
      code: V,
    },
  ];
}
