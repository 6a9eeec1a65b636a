// Dispensed medicine is billed inside the pharmacy's dispense transaction (pharmacy/dispense.ts):
// one medication line per dispense line, quantity × the lot's unit price at dispense (null: 0).
// The lines go on the visit's own invoice when it is at the pharmacy's location and still owes or
// is unpaid (not paid, not void); otherwise on an open pharmacy invoice of that visit at that
// location, made when there is none (a visit paid in full, a pharmacy elsewhere, a dispense before
// the visit is completed). The visit's row is locked first, so completing it and dispensing for it
// (and two dispenses for it) queue behind each other and never make two invoices.
import type { Tx } from '../../../db/transactions.js';
import { getLocation } from '../locations/repository.js';
import { medicationsByIds } from '../medications/repository.js';
import { loadPrescription } from '../prescriptions/repository.js';
import { loadAppointment } from '../scheduling/appointments-repository.js';
import { appendBillingEvent } from './events.js';
import { addLines, createInvoice, type InvoiceRow, lockBillingCounter } from './ledger.js';
import { lockOpenPharmacyInvoice, lockVisitInvoice } from './repository.js';

export interface DispenseToBill {
  dispenseId: string;
  prescriptionId: string;
  /** The pharmacy's location. */
  locationId: string;
  lines: { id: string; medicationId: string; quantity: number; unitPriceMinor: number | null }[];
}

/** "Amoxicillin 500 mg capsule": what the patient recognises on the invoice. */
const describe = (m: { name: string; strength: string; form: string }) => `${m.name} ${m.strength} ${m.form}`.slice(0, 200);

/** Adds the dispense's lines to the invoice they belong on (see above) and appends invoice.created or invoice.changed. */
export async function billDispense(tx: Tx, dispense: DispenseToBill, by: string | null, now = new Date()): Promise<InvoiceRow | null> {
  if (!dispense.lines.length) return null;
  const prescription = await loadPrescription(tx, dispense.prescriptionId);
  const visit = await loadAppointment(tx, prescription.appointmentId, { forUpdate: true });
  const medicines = new Map(
    (await medicationsByIds(tx, [...new Set(dispense.lines.map((l) => l.medicationId))])).map((m) => [m.id, m] as const),
  );

  // The counter before the invoices' locking reads, which may gap-lock (ledger.ts lockBillingCounter).
  await lockBillingCounter(tx, 'invoice', dispense.locationId, now);
  let invoice: InvoiceRow | null = await lockVisitInvoice(tx, visit.id);
  if (!invoice || invoice.locationId !== dispense.locationId || invoice.status === 'paid' || invoice.status === 'void') {
    invoice = await lockOpenPharmacyInvoice(tx, visit.id, dispense.locationId);
  }
  const created = !invoice;
  if (!invoice) {
    const location = await getLocation(tx, dispense.locationId);
    invoice = await createInvoice(
      tx,
      {
        patientId: prescription.patientId,
        appointmentId: visit.id,
        locationId: dispense.locationId,
        currency: location.currency,
        createdBy: null,
      },
      now,
    );
  }
  const billed = await addLines(
    tx,
    invoice,
    dispense.lines.map((l) => {
      const medicine = medicines.get(l.medicationId);
      return {
        kind: 'medication' as const,
        description: medicine ? describe(medicine) : 'Medication',
        quantity: l.quantity,
        unitAmountMinor: l.unitPriceMinor ?? 0,
        dispenseLineId: l.id,
        createdBy: by,
      };
    }),
    { bySystem: true },
  );
  await appendBillingEvent(tx, created ? 'invoice.created' : 'invoice.changed', billed);
  return billed;
}
