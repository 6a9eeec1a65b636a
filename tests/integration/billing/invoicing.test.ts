// Invoices against real MariaDB: a completed visit is billed once with its consultation line (the
// type's price, the doctor's own fee over it, 0 when unpriced), dispensed medicine adds a line per
// dispense line (on a pharmacy invoice once the visit's is paid), and the desk's changes by hand
// keep total, paid, balance and status consistent after every step.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceLines, outboxEvents } from '../../../db/schema/index.js';
import {
  addLine,
  type BillingClinic,
  billingClinic,
  call,
  completedVisit,
  expectInvoiceConsistent,
  invoicesOfVisit,
  pay,
  pricedType,
  visitInvoice,
} from '../../support/billing.js';
import { dispense, everything, type SignedRx } from '../../support/dispensing.js';
import type { Actor } from '../../support/factories.js';
import { item, medicationId } from '../../support/prescribing.js';
import { receiveLot } from '../../support/stock.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: BillingClinic;
beforeAll(async () => {
  hub = await startTestHub();
  clinic = await billingClinic(hub);
});
afterAll(() => hub.close());

const consistent = (invoiceId: string) => expectInvoiceConsistent(hub.app.db, invoiceId);

describe('an invoice when a visit completes', () => {
  it('bills the type’s price as the consultation line, in the location’s currency', async () => {
    // A clinic of its own: once it has billed in EUR, its currency is fixed.
    const clinic = await billingClinic(hub);
    const located = await call(hub, clinic.admin, 'PATCH', `/api/locations/${clinic.location.id}`, { currency: 'EUR' });
    expect(located.json()).toMatchObject({ id: clinic.location.id, currency: 'EUR' });
    const type = await pricedType(hub, clinic, 4_500);
    expect(type.priceMinor).toBe(4_500);
    const visit = await completedVisit(hub, clinic, { typeKey: type.key });
    const invoice = await visitInvoice(hub, clinic, visit.id);
    expect(invoice).toMatchObject({
      patientId: visit.patientId,
      appointmentId: visit.id,
      locationId: clinic.location.id,
      currency: 'EUR',
      status: 'open',
      totalMinor: 4_500,
      paidMinor: 0,
      balanceMinor: 4_500,
    });
    expect(invoice.number).toMatch(/^INV-\d{4}-\d{6}$/);
    expect(invoice.lines).toEqual([
      expect.objectContaining({
        kind: 'consultation',
        description: `Consultation: ${type.name}`,
        quantity: 1,
        unitAmountMinor: 4_500,
        amountMinor: 4_500,
        voided: false,
      }),
    ]);
    await consistent(invoice.id);
    const events = await hub.app.db.select().from(outboxEvents).where(eq(outboxEvents.aggregateId, invoice.id));
    expect(events.map((e) => e.type)).toEqual(['invoice.created']);
    // Completing again is refused and bills nothing more.
    const again = await call(hub, visit.doctor, 'POST', `/api/appointments/${visit.id}/complete`);
    expect(again.statusCode).toBe(409);
    expect(await invoicesOfVisit(hub, visit.id)).toHaveLength(1);
    // Its amounts are in EUR now: relabelling them USD is refused, and nothing changes.
    const relabel = await call(hub, clinic.admin, 'PATCH', `/api/locations/${clinic.location.id}`, { currency: 'USD' });
    expect(relabel.statusCode, relabel.body).toBe(409);
    expect(relabel.json()).toMatchObject({ code: 'CURRENCY_IN_USE', details: { currency: 'EUR' } });
    const same = await call(hub, clinic.admin, 'PATCH', `/api/locations/${clinic.location.id}`, { currency: 'EUR' });
    expect(same.statusCode, same.body).toBe(200);
  });

  it('bills the doctor’s own fee over the type’s price', async () => {
    const type = await pricedType(hub, clinic, 4_500);
    const visit = await completedVisit(hub, clinic, { typeKey: type.key, feeMinor: 7_000 });
    const invoice = await visitInvoice(hub, clinic, visit.id);
    expect(invoice.lines).toEqual([expect.objectContaining({ unitAmountMinor: 7_000, amountMinor: 7_000 })]);
    expect(invoice).toMatchObject({ totalMinor: 7_000, balanceMinor: 7_000, currency: 'USD' });
    await consistent(invoice.id);
  });

  it('a doctor’s fee is set when adding them and changed (or cleared) by PATCH', async () => {
    const created = await call(hub, clinic.admin, 'POST', '/api/doctors', {
      firstName: 'Fee',
      lastName: 'Setter',
      email: `fee.${Date.now()}@test.example`,
      specialization: 'General Practice',
      licenseNumber: `FEE-${Date.now()}`,
      locationId: clinic.location.id,
      room: '9',
      consultationMinutes: 15,
      feeMinor: 8_000,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().feeMinor).toBe(8_000);
    const cleared = await call(hub, clinic.admin, 'PATCH', `/api/doctors/${created.json().id}`, { feeMinor: null });
    expect(cleared.json()).toMatchObject({ id: created.json().id, feeMinor: null });
    const refused = await call(hub, clinic.receptionist, 'PATCH', `/api/doctors/${created.json().id}`, { feeMinor: 1 });
    expect(refused.statusCode).toBe(403);
  });

  it('bills 0 for an unpriced visit (walk-in, no fee) and still makes the invoice', async () => {
    const visit = await completedVisit(hub, clinic);
    const invoice = await visitInvoice(hub, clinic, visit.id);
    expect(invoice.lines).toEqual([expect.objectContaining({ description: 'Consultation', unitAmountMinor: 0, amountMinor: 0 })]);
    expect(invoice).toMatchObject({ totalMinor: 0, balanceMinor: 0, status: 'open' });
    const nothing = await pay(hub, clinic.receptionist, invoice.id, 100);
    expect(nothing.statusCode).toBe(409);
    expect(nothing.json()).toMatchObject({ code: 'OVERPAYMENT', details: { balanceMinor: 0 } });
    await consistent(invoice.id);
  });

  it('a type without a price and a doctor without a fee bill 0; re-pricing the type bills later visits only', async () => {
    const type = await pricedType(hub, clinic, null);
    const first = await completedVisit(hub, clinic, { typeKey: type.key });
    expect((await visitInvoice(hub, clinic, first.id)).totalMinor).toBe(0);
    const patched = await call(hub, clinic.admin, 'PATCH', `/api/appointment-types/${type.id}`, { priceMinor: 2_500 });
    expect(patched.json()).toMatchObject({ priceMinor: 2_500 });
    const second = await completedVisit(hub, clinic, { typeKey: type.key });
    expect((await visitInvoice(hub, clinic, second.id)).totalMinor).toBe(2_500);
    expect((await visitInvoice(hub, clinic, first.id)).totalMinor).toBe(0);
  });
});

describe('dispensed medicine adds lines', () => {
  async function prescribe(visit: { id: string; doctor: Actor }, meds: [string, number][]) {
    const draft = await call(hub, visit.doctor, 'POST', `/api/appointments/${visit.id}/prescriptions`, {
      items: meds.map(([medId, quantity]) => item(medId, { quantity })),
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const signed = await call(hub, visit.doctor, 'POST', `/api/prescriptions/${draft.json().id}/sign`);
    expect(signed.statusCode, signed.body).toBe(200);
    return signed.json() as SignedRx;
  }

  it('one line per dispense line (each lot’s price), on the visit’s invoice; a paid one sends them to a pharmacy invoice', async () => {
    const type = await pricedType(hub, clinic, 3_000);
    const visit = await completedVisit(hub, clinic, { typeKey: type.key });
    const medId = await medicationId(hub, clinic.doctor, 'ibuprofen');
    // Two lots: 4 at 110 (expiring first) and the rest at 90, so 6 spans both.
    await receiveLot(hub, {
      locationId: clinic.location.id,
      medicationId: medId,
      quantity: 4,
      unitPriceMinor: 110,
      expiresOn: '2099-01-01',
    });
    await receiveLot(hub, {
      locationId: clinic.location.id,
      medicationId: medId,
      quantity: 50,
      unitPriceMinor: 90,
      expiresOn: '2099-06-01',
    });
    const rx = await prescribe(visit, [[medId, 6]]);
    const res = await dispense(hub, clinic.pharmacist, rx.id, everything(rx));
    expect(res.statusCode, res.body).toBe(201);

    let invoice = await visitInvoice(hub, clinic, visit.id);
    const medLines = invoice.lines.filter((l: { kind: string }) => l.kind === 'medication');
    expect(medLines).toHaveLength(2);
    expect(
      medLines.map((l: { quantity: number; unitAmountMinor: number; amountMinor: number }) => [
        l.quantity,
        l.unitAmountMinor,
        l.amountMinor,
      ]),
    ).toEqual([
      [4, 110, 440],
      [2, 90, 180],
    ]);
    expect(medLines[0].description).toMatch(/^Ibuprofen /i);
    expect(invoice.totalMinor).toBe(3_000 + 440 + 180);
    await consistent(invoice.id);
    const billed = await hub.app.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id));
    expect(billed.filter((l) => l.dispenseLineId).length).toBe(2);

    // Paid in full: the next dispense goes onto a new pharmacy invoice of the same visit.
    const paid = await pay(hub, clinic.receptionist, invoice.id, invoice.balanceMinor);
    expect(paid.statusCode, paid.body).toBe(201);
    invoice = await visitInvoice(hub, clinic, visit.id);
    expect(invoice.status).toBe('paid');
    const rx2 = await prescribe(visit, [[medId, 3]]);
    expect((await dispense(hub, clinic.pharmacist, rx2.id, everything(rx2))).statusCode).toBe(201);
    const [own, pharmacy] = await invoicesOfVisit(hub, visit.id);
    expect(own!.id).toBe(invoice.id);
    expect(own!.totalMinor).toBe(3_620);
    expect(pharmacy).toMatchObject({ visitAppointmentId: null, status: 'open', totalMinor: 270, locationId: clinic.location.id });
    await consistent(own!.id);
    await consistent(pharmacy!.id);
    const events = await hub.app.db.select().from(outboxEvents).where(eq(outboxEvents.aggregateId, pharmacy!.id));
    expect(events.map((e) => e.type)).toEqual(['invoice.created']);
  });
});

describe('the desk’s changes keep the figures consistent', () => {
  it('add lines, void a line, pay in parts, refuse what would break the figures, void an unpaid invoice', async () => {
    const type = await pricedType(hub, clinic, 5_000);
    const visit = await completedVisit(hub, clinic, { typeKey: type.key });
    let invoice = await visitInvoice(hub, clinic, visit.id);
    await consistent(invoice.id);

    const added = await addLine(hub, clinic.receptionist, invoice.id, 750, { quantity: 2, baseVersion: invoice.version });
    expect(added.statusCode, added.body).toBe(201);
    invoice = added.json();
    expect(invoice).toMatchObject({ totalMinor: 6_500, balanceMinor: 6_500 });
    expect((await consistent(invoice.id)).totalMinor).toBe(6_500);
    const extra = invoice.lines.at(-1);
    expect(extra).toMatchObject({ kind: 'other', quantity: 2, unitAmountMinor: 750, amountMinor: 1_500, reason: 'Applied at the desk' });

    // A stale baseVersion is refused and adds nothing.
    const stale = await addLine(hub, clinic.receptionist, invoice.id, 100, { baseVersion: invoice.version - 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'CONFLICT', details: { version: invoice.version } });
    expect((await consistent(invoice.id)).totalMinor).toBe(6_500);

    const voided = await call(hub, clinic.receptionist, 'POST', `/api/invoices/${invoice.id}/lines/${extra.id}/void`, {
      reason: 'Not applied',
    });
    expect(voided.statusCode, voided.body).toBe(200);
    expect(voided.json()).toMatchObject({ totalMinor: 5_000, balanceMinor: 5_000 });
    expect(voided.json().lines.at(-1)).toMatchObject({ voided: true, voidReason: 'Not applied' });
    await consistent(invoice.id);
    const twice = await call(hub, clinic.receptionist, 'POST', `/api/invoices/${invoice.id}/lines/${extra.id}/void`, { reason: 'Again' });
    expect(twice.json()).toMatchObject({ code: 'LINE_VOIDED' });

    const part = await pay(hub, clinic.receptionist, invoice.id, 2_000);
    expect(part.statusCode, part.body).toBe(201);
    expect(part.json()).toMatchObject({ amountMinor: 2_000, method: 'cash', gateway: 'desk', status: 'succeeded', desk: 'front' });
    expect(part.json().receiptNumber).toMatch(/^RCT-\d{4}-\d{6}$/);
    let row = await consistent(invoice.id);
    expect(row).toMatchObject({ status: 'partially_paid', paidMinor: 2_000, balanceMinor: 3_000 });

    // Voiding the consultation would leave 0 owed against 2,000 paid.
    const consultation = invoice.lines[0];
    const below = await call(hub, clinic.receptionist, 'POST', `/api/invoices/${invoice.id}/lines/${consultation.id}/void`, {
      reason: 'x',
    });
    expect(below.statusCode).toBe(409);
    expect(below.json()).toMatchObject({ code: 'LINE_BELOW_PAID', details: { paidMinor: 2_000 } });
    const refused = await call(hub, clinic.receptionist, 'POST', `/api/invoices/${invoice.id}/void`, { reason: 'Billed in error' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'INVOICE_HAS_PAYMENTS' });
    const over = await pay(hub, clinic.receptionist, invoice.id, 3_001);
    expect(over.json()).toMatchObject({ code: 'OVERPAYMENT', details: { balanceMinor: 3_000 } });
    row = await consistent(invoice.id);
    expect(row).toMatchObject({ status: 'partially_paid', paidMinor: 2_000, totalMinor: 5_000 });

    const rest = await pay(hub, clinic.receptionist, invoice.id, 3_000, undefined, 'card');
    expect(rest.statusCode).toBe(201);
    row = await consistent(invoice.id);
    expect(row).toMatchObject({ status: 'paid', balanceMinor: 0 });
    const onPaid = await addLine(hub, clinic.receptionist, invoice.id, 100);
    expect(onPaid.json()).toMatchObject({ code: 'INVOICE_PAID' });

    // Another visit's invoice, unpaid, can be voided with a reason; then nothing more goes on it.
    const other = await completedVisit(hub, clinic, { typeKey: type.key });
    const otherInvoice = await visitInvoice(hub, clinic, other.id);
    const blank = await call(hub, clinic.receptionist, 'POST', `/api/invoices/${otherInvoice.id}/void`, { reason: '   ' });
    expect(blank.statusCode).toBe(400);
    expect((await consistent(otherInvoice.id)).status).toBe('open');
    const gone = await call(hub, clinic.receptionist, 'POST', `/api/invoices/${otherInvoice.id}/void`, { reason: 'Billed in error' });
    expect(gone.statusCode, gone.body).toBe(200);
    expect(gone.json()).toMatchObject({ status: 'void', balanceMinor: 0, voidReason: 'Billed in error' });
    expect(await consistent(otherInvoice.id)).toMatchObject({ status: 'void', balanceMinor: 0 });
    expect((await pay(hub, clinic.receptionist, otherInvoice.id, 100)).json()).toMatchObject({ code: 'INVOICE_VOID' });
    expect((await addLine(hub, clinic.receptionist, otherInvoice.id, 100)).json()).toMatchObject({ code: 'INVOICE_VOID' });
  });
});
