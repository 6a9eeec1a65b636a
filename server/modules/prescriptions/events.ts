// What every prescription event in the outbox carries (docs/EVENTS.md): ids and the number, never
// medicines, doses or reasons.
import type { StoredPrescription } from './repository.js';

export function eventPayload(p: StoredPrescription) {
  return {
    prescriptionId: p.id,
    number: p.number,
    patientId: p.patientId,
    doctorId: p.doctorId,
    appointmentId: p.appointmentId,
    locationId: p.locationId,
  };
}
