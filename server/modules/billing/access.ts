// Who may see and move money. The desk (admins and receptionists) works every invoice; a patient
// reads and pays only their own, and learns nothing of anyone else's (another's invoice is a 404,
// not a 403, so ids cannot be probed). Doctors, nurses and pharmacists have no billing access:
// a dispense adds its lines as a system effect, not as the pharmacist's reading.
import { forbidden, notFound } from '../../errors.js';
import type { Principal, UserPrincipal } from '../auth/principal.js';

/** The roles that run the billing desk. */
export const BILLING_STAFF = ['admin', 'receptionist'] as const;

export const isBillingStaff = (actor: Principal): boolean =>
  actor.kind === 'user' && (BILLING_STAFF as readonly string[]).includes(actor.role);

/** 403 unless the caller runs the billing desk. */
export function assertBillingStaff(actor: Principal): asserts actor is UserPrincipal {
  if (actor.kind !== 'user' || !isBillingStaff(actor)) throw forbidden('Only the billing desk (reception, admins) does this');
}

/** Billing staff read every invoice; a patient only their own (another's is 404); anyone else 403. */
export function assertCanReadInvoice(actor: Principal, invoice: { patientId: string }): void {
  if (isBillingStaff(actor)) return;
  if (actor.kind === 'user' && actor.role === 'patient') {
    if (actor.patientId === invoice.patientId) return;
    throw notFound('Invoice');
  }
  throw forbidden('Billing is for the desk and the patient billed');
}
