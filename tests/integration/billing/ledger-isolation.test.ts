// Two ledger rules that only show with two connections:
// - A transaction whose snapshot is older than the invoice lock (it read something first, then
//   waited for the lock while another payment committed) must still settle on what is committed
//   now: the payment it waited behind is counted, not forgotten.
// - A pending insurance claim keeps its part of the balance for the insurer: the patient pays their
//   share, and the insurer's approval still fits afterwards.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoices } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { lockInvoice, recordPayment } from '../../../server/modules/billing/ledger.js';
import { expectInvoiceConsistent, invoiceFixture } from '../../support/billing.js';
import { bearer } from '../../support/factories.js';
import { type PrescribingClinic, prescribingClinic } from '../../support/prescribing.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: PrescribingClinic;
beforeAll(async () => {
  hub = await startTestHub();
  clinic = await prescribingClinic(hub);
});
afterAll(() => hub.close());

/** A promise with its resolve, to hand a moment from one transaction to another without sleeping. */
function signal() {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { fire, fired };
}

describe('the ledger across connections', () => {
  it('settles on committed payments even when its snapshot is older than the lock', async () => {
    const { invoiceId } = await invoiceFixture(hub, [10_000], clinic);
    const snapshotTaken = signal();
    const otherCommitted = signal();
    const late = transactionWithRetry(
      hub.app.db,
      async (tx) => {
        // A plain read first (as a webhook looking the invoice up does): the snapshot starts here.
        await tx.select({ id: invoices.id }).from(invoices).where(eq(invoices.id, invoiceId));
        snapshotTaken.fire();
        await otherCommitted.fired;
        const invoice = await lockInvoice(tx, invoiceId);
        return recordPayment(tx, invoice, { method: 'card', gateway: 'desk', amountMinor: 1_000, receivedBy: null });
      },
      1,
    );
    await snapshotTaken.fired;
    await transactionWithRetry(hub.app.db, async (tx) => {
      const invoice = await lockInvoice(tx, invoiceId);
      await recordPayment(tx, invoice, { method: 'cash', gateway: 'desk', amountMinor: 5_000, receivedBy: null });
    });
    otherCommitted.fire();
    const { invoice } = await late;
    expect(invoice.paidMinor).toBe(6_000);
    const stored = await expectInvoiceConsistent(hub.app.db, invoiceId);
    expect(stored).toMatchObject({ paidMinor: 6_000, status: 'partially_paid' });
  });

  it('keeps a pending claim’s part of the balance for the insurer', async () => {
    const { invoiceId } = await invoiceFixture(hub, [5_000], clinic);
    const post = (url: string, payload: object, key?: string) =>
      hub.app.inject({
        method: 'POST',
        url,
        headers: { ...bearer(clinic.receptionist.token), ...(key && { 'idempotency-key': key }) },
        payload,
      });
    const claim = await post(`/api/invoices/${invoiceId}/claims`, { provider: 'Acme Health', policyNumber: 'P-1', claimedMinor: 3_000 });
    expect(claim.statusCode, claim.body).toBe(201);

    const whole = await post(`/api/invoices/${invoiceId}/payments`, { method: 'cash', amountMinor: 5_000 }, 'whole-balance');
    expect(whole.statusCode, whole.body).toBe(409);
    expect(whole.json()).toMatchObject({
      code: 'OVERPAYMENT',
      details: { balanceMinor: 5_000, payableMinor: 2_000, reservedForInsuranceMinor: 3_000 },
    });
    await expectInvoiceConsistent(hub.app.db, invoiceId);

    const share = await post(`/api/invoices/${invoiceId}/payments`, { method: 'cash', amountMinor: 2_000 }, 'patient-share');
    expect(share.statusCode, share.body).toBe(201);
    const approved = await post(`/api/claims/${claim.json().id}/decision`, { status: 'approved' });
    expect(approved.statusCode, approved.body).toBe(200);
    const stored = await expectInvoiceConsistent(hub.app.db, invoiceId);
    expect(stored).toMatchObject({ paidMinor: 5_000, status: 'paid' });
  });
});
