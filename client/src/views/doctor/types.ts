// The console's own shapes; what the API sends is in lib/contract.ts.

/** The visit the patient panel and note editor are about: the one in the room, or one picked. */
export interface Focus {
  appointmentId: string;
  patientId: string;
  ticket: string | null;
  label: string;
}
