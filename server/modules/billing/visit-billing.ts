// A completed visit's invoice: made inside the lifecycle's complete transaction (scheduling/
// lifecycle.ts), so a visit is completed and billed together or not at all. Its consultation line
// costs the doctor's own fee where set, else the appointment type's price, else 0 (an unpriced
// visit still gets its invoice, owing nothing). The currency is the visit location's. The
// invoice's unique visit_appointment_id, and a visit completing only once, keep it to one per visit.
import type { Tx } from '../../../db/transactions.js';
import { findDoctorRow } from '../doctors/repository.js';
import { getLocation } from '../locations/repository.js';
import type { AppointmentRow } from '../scheduling/present.js';
import { appointmentTypePricing } from '../scheduling/types-service.js';
import { appendBillingEvent } from './events.js';
import { addLines, createInvoice, type InvoiceRow } from './ledger.js';
import { findVisitInvoice } from './repository.js';

/** The consultation's price and description: doctor.feeMinor ?? type.priceMinor ?? 0. */
export async function consultationLine(tx: Tx, visit: Pick<AppointmentRow, 'doctorId' | 'typeId'>) {
  const [doctor, type] = await Promise.all([
    findDoctorRow(tx, visit.doctorId),
    visit.typeId ? appointmentTypePricing(tx, visit.typeId) : Promise.resolve(null),
  ]);
  return {
    description: type ? `Consultation: ${type.name}`.slice(0, 200) : 'Consultation',
    unitAmountMinor: doctor?.feeMinor ?? type?.priceMinor ?? 0,
  };
}

/**
 * Bills a visit that is being completed (its row locked by the caller): the visit's invoice with
 * its consultation line, and invoice.created. A visit that has its invoice already keeps it.
 */
export async function billCompletedVisit(tx: Tx, visit: AppointmentRow, by: string | null, now = new Date()): Promise<InvoiceRow> {
  // Defensive only: the visit's row is locked and completes once. A plain read, because a locking
  // read of a missing row would gap-lock the index and deadlock visits completed at the same time.
  const existing = await findVisitInvoice(tx, visit.id);
  if (existing) return existing;
  const [location, line] = await Promise.all([getLocation(tx, visit.locationId), consultationLine(tx, visit)]);
  const invoice = await createInvoice(
    tx,
    {
      patientId: visit.patientId,
      appointmentId: visit.id,
      visitAppointmentId: visit.id,
      locationId: visit.locationId,
      currency: location.currency,
      // Made by the system on completion, not typed by anyone.
      createdBy: null,
    },
    now,
  );
  const billed = await addLines(tx, invoice, [{ kind: 'consultation', quantity: 1, ...line, createdBy: by }], { bySystem: true });
  await appendBillingEvent(tx, 'invoice.created', billed);
  return billed;
}
