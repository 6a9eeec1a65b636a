// The access matrix's rows for billing's core (issue 16): the desk (admins, receptionists) reads
// every invoice and changes them; a patient reads their own invoices and payments (another's is a
// 404: it does not exist for them) and lists only their own; doctors, pharmacists and displays get
// nothing. Each change gets a fresh invoice of the clinic's patient (owing 5,000), so every
// caller's answer is about its role. Prices (PATCH of a type and of a doctor) are the admin's.
import { eq } from 'drizzle-orm';
import { invoiceLines } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { addLines, createInvoice, lockInvoice, recordPayment } from '../../../server/modules/billing/ledger.js';
import type { Endpoint } from '../../support/access-matrix.js';
import { type Actor, bearer } from '../../support/factories.js';
import type { PrescriptionMaker } from '../../support/prescription-objects.js';
import type { TestHub } from '../../support/test-hub.js';

export interface BillingWorld {
  /** A fresh invoice of the clinic's patient owing 5,000, with its one line; `paid` takes 1,000 first. */
  invoice: (paid?: boolean) => Promise<{ id: string; lineId: string; paymentId: string | null }>;
  typeId: string;
  doctorId: string;
}

export async function billingWorld(
  hub: TestHub,
  world: { admin: Actor; doctor: Actor; patient: Actor & { patientId: string }; location: { id: string } },
  make: PrescriptionMaker,
): Promise<BillingWorld> {
  const visitId = await make.visit();
  const invoice = async (paid = false) =>
    transactionWithRetry(hub.app.db, async (tx) => {
      const created = await createInvoice(tx, {
        patientId: world.patient.patientId,
        appointmentId: visitId,
        locationId: world.location.id,
        currency: 'USD',
        createdBy: null,
      });
      await addLines(tx, created, [{ kind: 'other', description: 'Matrix line', quantity: 1, unitAmountMinor: 5_000, createdBy: null }]);
      const [line] = await tx.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, created.id));
      let paymentId: string | null = null;
      if (paid) {
        const locked = await lockInvoice(tx, created.id);
        const { payment } = await recordPayment(tx, locked, { method: 'cash', gateway: 'desk', amountMinor: 1_000, receivedBy: null });
        paymentId = payment.id;
      }
      return { id: created.id, lineId: line!.id, paymentId };
    });
  const type = await hub.app.inject({
    method: 'POST',
    url: '/api/appointment-types',
    headers: bearer(world.admin.token),
    payload: { key: `matrix-${Date.now().toString(36)}`, name: 'Matrix visit', durationMinutes: 20, priceMinor: 3_000 },
  });
  if (type.statusCode !== 201) throw new Error(`type: ${type.body}`);
  return { invoice, typeId: type.json().id, doctorId: world.doctor.doctorId! };
}

export function billingEndpoints(world: () => BillingWorld): Endpoint[] {
  // The read rows share one invoice (and its payment), made on first use.
  let shared: Promise<{ id: string; lineId: string; paymentId: string | null }> | null = null;
  const readable = () => {
    shared ??= world().invoice(true);
    return shared;
  };
  let n = 0;
  return [
    {
      name: 'GET /api/invoices',
      method: 'GET',
      url: () => '/api/invoices',
      allowed: ['admin', 'receptionist', 'patient', 'otherPatient'],
    },
    {
      name: 'GET /api/invoices/:id',
      method: 'GET',
      url: async () => `/api/invoices/${(await readable()).id}`,
      allowed: ['admin', 'receptionist', 'patient'],
      hidden: ['otherPatient'],
    },
    {
      name: 'GET /api/payments/:id',
      method: 'GET',
      url: async () => `/api/payments/${(await readable()).paymentId}`,
      allowed: ['admin', 'receptionist', 'patient'],
      hidden: ['otherPatient'],
    },
    {
      name: 'POST /api/invoices/:id/lines',
      method: 'POST',
      url: async () => `/api/invoices/${(await world().invoice()).id}/lines`,
      body: () => ({ description: 'Dressing', unitAmountMinor: 500, reason: 'Matrix' }),
      allowed: ['admin', 'receptionist'],
    },
    {
      name: 'POST /api/invoices/:id/lines/:lineId/void',
      method: 'POST',
      url: async () => {
        const invoice = await world().invoice();
        return `/api/invoices/${invoice.id}/lines/${invoice.lineId}/void`;
      },
      body: () => ({ reason: 'Matrix' }),
      allowed: ['admin', 'receptionist'],
    },
    {
      name: 'POST /api/invoices/:id/void',
      method: 'POST',
      url: async () => `/api/invoices/${(await world().invoice()).id}/void`,
      body: () => ({ reason: 'Matrix' }),
      allowed: ['admin', 'receptionist'],
    },
    {
      name: 'POST /api/invoices/:id/payments',
      method: 'POST',
      url: async () => `/api/invoices/${(await world().invoice()).id}/payments`,
      body: () => ({ method: 'cash', amountMinor: 1_000 }),
      allowed: ['admin', 'receptionist'],
    },
    {
      name: 'PATCH /api/appointment-types/:id',
      method: 'PATCH',
      url: () => `/api/appointment-types/${world().typeId}`,
      body: () => ({ priceMinor: 3_000 + n++ }),
      allowed: ['admin'],
    },
    {
      name: 'PATCH /api/doctors/:id',
      method: 'PATCH',
      url: () => `/api/doctors/${world().doctorId}`,
      body: () => ({ feeMinor: 6_000 + n++ }),
      allowed: ['admin'],
    },
  ];
}
