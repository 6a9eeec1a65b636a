// Invoices and claims the desk-billing rows of the access matrix and the bad-input table aim at,
// made straight through the ledger for visits of the world's patient (issue 16, claims and cash-up).
import { transactionWithRetry } from '../../../db/transactions.js';
import { addLines, createInvoice, lockInvoice, voidInvoice } from '../../../server/modules/billing/ledger.js';
import { type Actor, bearer } from '../../support/factories.js';
import type { TestHub } from '../../support/test-hub.js';

export interface DeskWorld {
  locationId: string;
  /** A new open invoice of 5,000 (USD) at the location. */
  invoice(): Promise<string>;
  /** A new invoice with a pending claim of 3,000 on it: the claim's id. */
  pendingClaim(): Promise<string>;
}

export function deskWorld(hub: TestHub, admin: Actor, patientId: string, locationId: string, visit: () => Promise<string>): DeskWorld {
  const invoice = async () => {
    const appointmentId = await visit();
    return transactionWithRetry(hub.app.db, async (tx) => {
      const inv = await createInvoice(tx, { patientId, appointmentId, locationId, currency: 'USD', createdBy: null });
      await addLines(tx, inv, [{ kind: 'other', description: 'Consultation', quantity: 1, unitAmountMinor: 5_000, createdBy: null }]);
      return inv.id;
    });
  };
  const pendingClaim = async () => {
    const res = await hub.app.inject({
      method: 'POST',
      url: `/api/invoices/${await invoice()}/claims`,
      headers: bearer(admin.token),
      payload: { provider: 'Acme Health', policyNumber: 'POL-1', claimedMinor: 3_000 },
    });
    if (res.statusCode !== 201) throw new Error(`claim: ${res.statusCode} ${res.body}`);
    return res.json().id as string;
  };
  return { locationId, invoice, pendingClaim };
}

export interface DeskFixtures {
  locationId: string;
  /** Open, 5,000 owed, no claim. */
  openInvoiceId: string;
  /** Open, with a pending claim of 3,000. */
  claimedInvoiceId: string;
  pendingClaimId: string;
  decidedClaimId: string;
  voidInvoiceId: string;
}

/** Made before the bad-input table's snapshot. */
export async function deskFixtures(hub: TestHub, admin: Actor, patientId: string, locationId: string, visit: () => Promise<string>) {
  const w = deskWorld(hub, admin, patientId, locationId, visit);
  const openInvoiceId = await w.invoice();
  const pendingClaimId = await w.pendingClaim();
  const claimedInvoiceId = (
    await hub.app.inject({ method: 'GET', url: `/api/claims?status=pending&locationId=${locationId}`, headers: bearer(admin.token) })
  )
    .json()
    .claims.find((c: { id: string }) => c.id === pendingClaimId).invoiceId as string;
  const decidedClaimId = await w.pendingClaim();
  await hub.app.inject({
    method: 'POST',
    url: `/api/claims/${decidedClaimId}/decision`,
    headers: bearer(admin.token),
    payload: { status: 'denied', reason: 'Not covered' },
  });
  const voidInvoiceId = await w.invoice();
  await transactionWithRetry(hub.app.db, async (tx) =>
    voidInvoice(tx, await lockInvoice(tx, voidInvoiceId), 'Entered twice', admin.userId!),
  );
  return { locationId, openInvoiceId, claimedInvoiceId, pendingClaimId, decidedClaimId, voidInvoiceId } satisfies DeskFixtures;
}
