// Insurance claims: submitted claims put the invoice in "insurance pending" with the patient's share;
// an approval is an insurance payment through the ledger (in full or in part), a denial records its
// reason and no money; a claim is answered once, also when two answers race; the claim above the
// balance, on a void invoice or beside a pending one is refused. Consistency checked after each step.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../db/ids.js';
import { insuranceClaims, outboxEvents, payments } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { lockInvoice, recordPayment, voidInvoice } from '../../../server/modules/billing/ledger.js';
import { loadInvoiceView } from '../../../server/modules/billing/reading.js';
import { expectInvoiceConsistent, invoiceFixture } from '../../support/billing.js';
import { type Actor, bearer } from '../../support/factories.js';
import { type PrescribingClinic, prescribingClinic } from '../../support/prescribing.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: PrescribingClinic;
beforeAll(async () => {
  hub = await startTestHub();
  clinic = await prescribingClinic(hub);
});
afterAll(() => hub.close());

const post = (actor: Actor, url: string, payload: object) => hub.app.inject({ method: 'POST', url, headers: bearer(actor.token), payload });
const claimBody = (claimedMinor: number) => ({ provider: 'Acme Health', policyNumber: 'POL-778812', claimedMinor });

async function submit(invoiceId: string, claimedMinor: number) {
  const res = await post(clinic.receptionist, `/api/invoices/${invoiceId}/claims`, claimBody(claimedMinor));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; patientShareMinor: number; status: string };
}

const eventsOf = async (invoiceId: string) =>
  (await hub.app.db.select().from(outboxEvents).where(eq(outboxEvents.aggregateId, invoiceId))).map((e) => e.type);

describe('insurance claims', () => {
  it('submit → insurance pending with the patient share → approve in full records an insurance payment', async () => {
    const { invoiceId } = await invoiceFixture(hub, [6_000, 4_000], clinic);
    const claim = await submit(invoiceId, 7_500);
    expect(claim).toMatchObject({ status: 'pending', patientShareMinor: 2_500, claimedMinor: 7_500, provider: 'Acme Health' });
    await expectInvoiceConsistent(hub.app.db, invoiceId);
    const pending = await loadInvoiceView(hub.app.db, invoiceId);
    expect(pending).toMatchObject({ insurancePending: true, balanceMinor: 10_000, status: 'open' });
    expect(pending.claims[0]).toMatchObject({ id: claim.id, patientShareMinor: 2_500 });
    expect(await eventsOf(invoiceId)).toContain('claim.submitted');

    const decided = await post(clinic.admin, `/api/claims/${claim.id}/decision`, { status: 'approved' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'approved', approvedMinor: 7_500, patientShareMinor: 2_500 });
    await expectInvoiceConsistent(hub.app.db, invoiceId);
    const after = await loadInvoiceView(hub.app.db, invoiceId);
    expect(after).toMatchObject({ insurancePending: false, paidMinor: 7_500, balanceMinor: 2_500, status: 'partially_paid' });
    expect(after.payments).toHaveLength(1);
    expect(after.payments[0]).toMatchObject({ method: 'insurance', gateway: 'desk', amountMinor: 7_500 });
    const [stored] = await hub.app.db.select().from(payments).where(eq(payments.invoiceId, invoiceId));
    expect(stored!.claimId).toBe(claim.id);
    expect(await eventsOf(invoiceId)).toEqual(expect.arrayContaining(['claim.submitted', 'claim.decided', 'payment.recorded']));
  });

  it('a partial approval pays what the insurer approved and leaves the rest to the patient', async () => {
    const { invoiceId } = await invoiceFixture(hub, [10_000], clinic);
    const claim = await submit(invoiceId, 8_000);
    const res = await post(clinic.receptionist, `/api/claims/${claim.id}/decision`, { status: 'approved', approvedMinor: 5_000 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ approvedMinor: 5_000, patientShareMinor: 5_000 });
    await expectInvoiceConsistent(hub.app.db, invoiceId);
    expect(await loadInvoiceView(hub.app.db, invoiceId)).toMatchObject({ paidMinor: 5_000, balanceMinor: 5_000 });
    // The patient pays their share; a new claim may follow the decided one.
    await transactionWithRetry(hub.app.db, async (tx) =>
      recordPayment(tx, await lockInvoice(tx, invoiceId), { method: 'cash', gateway: 'desk', amountMinor: 5_000, receivedBy: null }),
    );
    expect((await expectInvoiceConsistent(hub.app.db, invoiceId)).status).toBe('paid');
  });

  it('a denial needs its reason and moves no money; a second decision is 409 CLAIM_DECIDED', async () => {
    const { invoiceId } = await invoiceFixture(hub, [3_000], clinic);
    const claim = await submit(invoiceId, 3_000);
    const noReason = await post(clinic.receptionist, `/api/claims/${claim.id}/decision`, { status: 'denied' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe('VALIDATION_FAILED');
    const denied = await post(clinic.receptionist, `/api/claims/${claim.id}/decision`, { status: 'denied', reason: 'Policy lapsed' });
    expect(denied.statusCode, denied.body).toBe(200);
    expect(denied.json()).toMatchObject({
      status: 'denied',
      approvedMinor: null,
      decisionReason: 'Policy lapsed',
      patientShareMinor: 3_000,
    });
    await expectInvoiceConsistent(hub.app.db, invoiceId);
    const view = await loadInvoiceView(hub.app.db, invoiceId);
    expect(view).toMatchObject({ insurancePending: false, paidMinor: 0, balanceMinor: 3_000, payments: [] });

    // Audited with the figures before and after; the reason named, never kept.
    const requestId = String(denied.headers['x-request-id']);
    for (let i = 0; i < 500 && !(await hub.app.audit.entries.findOne({ requestId })); i++) await hub.app.redis.ping();
    const audit = await hub.app.inject({ method: 'GET', url: `/api/audit?targetId=${claim.id}`, headers: bearer(clinic.admin.token) });
    const entry = (
      audit.json().entries as { requestId: string; targetType: string; changes: { field: string; from?: unknown; to?: unknown }[] }[]
    ).find((e) => e.requestId === requestId);
    expect(entry?.targetType).toBe('claims');
    expect(entry?.changes).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'status', from: 'pending', to: 'denied' })]));
    expect(JSON.stringify(entry)).not.toContain('Policy lapsed');

    for (const body of [{ status: 'approved' }, { status: 'denied', reason: 'again' }]) {
      const again = await post(clinic.admin, `/api/claims/${claim.id}/decision`, body);
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('CLAIM_DECIDED');
    }
    await expectInvoiceConsistent(hub.app.db, invoiceId);
  });

  it('refuses a claim above the balance, a second pending claim, one on a void invoice, and an approval above the claim', async () => {
    const { invoiceId } = await invoiceFixture(hub, [3_000, 1_000], clinic);
    const above = await post(clinic.receptionist, `/api/invoices/${invoiceId}/claims`, claimBody(4_001));
    expect(above.statusCode).toBe(409);
    expect(above.json()).toMatchObject({ code: 'OVERPAYMENT', details: { balanceMinor: 4_000 } });

    const claim = await submit(invoiceId, 4_000);
    const second = await post(clinic.receptionist, `/api/invoices/${invoiceId}/claims`, claimBody(100));
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('CLAIM_PENDING');

    const tooMuch = await post(clinic.receptionist, `/api/claims/${claim.id}/decision`, { status: 'approved', approvedMinor: 4_001 });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().code).toBe('VALIDATION_FAILED');
    const [still] = await hub.app.db.select().from(insuranceClaims).where(eq(insuranceClaims.id, claim.id));
    expect(still!.status).toBe('pending');
    await expectInvoiceConsistent(hub.app.db, invoiceId);

    // The whole balance is claimed: the patient's share is 0, so a desk payment now would overpay.
    const desk = await post(clinic.receptionist, `/api/invoices/${invoiceId}/payments`, { method: 'card', amountMinor: 1_000 });
    expect(desk.statusCode, desk.body).toBe(409);
    expect(desk.json()).toMatchObject({ code: 'OVERPAYMENT', details: { payableMinor: 0, reservedForInsuranceMinor: 4_000 } });
    // A line is taken off meanwhile: approving the whole claim would now overpay.
    const line = (await loadInvoiceView(hub.app.db, invoiceId)).lines.find((l) => l.amountMinor === 1_000)!;
    const voidedLine = await post(clinic.receptionist, `/api/invoices/${invoiceId}/lines/${line.id}/void`, { reason: 'Not done' });
    expect(voidedLine.statusCode, voidedLine.body).toBe(200);
    const over = await post(clinic.receptionist, `/api/claims/${claim.id}/decision`, { status: 'approved' });
    expect(over.statusCode).toBe(409);
    expect(over.json()).toMatchObject({ code: 'OVERPAYMENT', details: { balanceMinor: 3_000 } });
    await expectInvoiceConsistent(hub.app.db, invoiceId);
    expect(
      (await post(clinic.receptionist, `/api/claims/${claim.id}/decision`, { status: 'approved', approvedMinor: 3_000 })).statusCode,
    ).toBe(200);
    expect((await expectInvoiceConsistent(hub.app.db, invoiceId)).status).toBe('paid');

    const voided = await invoiceFixture(hub, [2_000], clinic);
    await transactionWithRetry(hub.app.db, async (tx) =>
      voidInvoice(tx, await lockInvoice(tx, voided.invoiceId), 'Entered twice', clinic.admin.userId!),
    );
    const onVoid = await post(clinic.receptionist, `/api/invoices/${voided.invoiceId}/claims`, claimBody(100));
    expect(onVoid.statusCode).toBe(409);
    expect(onVoid.json().code).toBe('INVOICE_VOID');
    expect(await hub.app.db.select().from(insuranceClaims).where(eq(insuranceClaims.invoiceId, voided.invoiceId))).toEqual([]);
  });

  it('two concurrent decisions: exactly one wins, one insurance payment', async () => {
    const { invoiceId } = await invoiceFixture(hub, [9_000], clinic);
    const claim = await submit(invoiceId, 9_000);
    const answers = await Promise.all([
      post(clinic.receptionist, `/api/claims/${claim.id}/decision`, { status: 'approved' }),
      post(clinic.admin, `/api/claims/${claim.id}/decision`, { status: 'approved', approvedMinor: 4_000 }),
      post(clinic.admin, `/api/claims/${claim.id}/decision`, { status: 'denied', reason: 'Not covered' }),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409, 409]);
    for (const a of answers.filter((x) => x.statusCode === 409)) expect(a.json().code).toBe('CLAIM_DECIDED');
    const insurance = await hub.app.db
      .select()
      .from(payments)
      .where(and(eq(payments.invoiceId, invoiceId), eq(payments.method, 'insurance')));
    const winner = answers.find((a) => a.statusCode === 200)!.json();
    expect(insurance).toHaveLength(winner.status === 'approved' ? 1 : 0);
    await expectInvoiceConsistent(hub.app.db, invoiceId);
  });

  it('lists claims with the invoice number and patient name, by status and location; staff only', async () => {
    const { invoiceId } = await invoiceFixture(hub, [1_500], clinic);
    const claim = await submit(invoiceId, 1_000);
    const res = await hub.app.inject({
      method: 'GET',
      url: `/api/claims?status=pending&locationId=${clinic.location.id}`,
      headers: bearer(clinic.receptionist.token),
    });
    expect(res.statusCode, res.body).toBe(200);
    const listed = res.json().claims as { id: string; status: string; invoiceNumber: string; patientName: string }[];
    expect(listed.every((c) => c.status === 'pending')).toBe(true);
    const view = await loadInvoiceView(hub.app.db, invoiceId);
    expect(listed.find((c) => c.id === claim.id)).toMatchObject({
      invoiceNumber: view.number,
      patientName: view.patientName,
      patientShareMinor: 500,
    });
    const elsewhere = await hub.app.inject({
      method: 'GET',
      url: `/api/claims?locationId=${newId()}`,
      headers: bearer(clinic.admin.token),
    });
    expect(elsewhere.json().claims).toEqual([]);
    for (const actor of [clinic.doctor, clinic.patient, clinic.pharmacist]) {
      expect((await hub.app.inject({ method: 'GET', url: '/api/claims', headers: bearer(actor.token) })).statusCode, actor.role).toBe(403);
      expect((await post(actor, `/api/invoices/${invoiceId}/claims`, claimBody(10))).statusCode, actor.role).toBe(403);
    }
  });
});
