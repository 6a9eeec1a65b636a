// The desk's own shapes and helpers; what the API sends is in lib/contract.ts.
import type { Patient } from '../../lib/contract';

/** What the ticket card shows after a check-in or a walk-in. */
export interface TicketInfo {
  ticket: string;
  patientName: string;
  doctorName: string;
  room: string;
  at: string;
  urgent: boolean;
}

export const fullName = (p: Pick<Patient, 'firstName' | 'lastName'>) => `${p.firstName} ${p.lastName}`;
