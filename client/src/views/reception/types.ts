// The shapes of the public contract (API.md) this view reads.
export interface Location {
  id: string;
  name: string;
  timezone: string;
}

export interface Doctor {
  id: string;
  displayName: string;
  specialization: string;
  locationId: string;
  room: string;
  consultationMinutes: number;
  ticketPrefix: string;
}

export type Status = 'scheduled' | 'confirmed' | 'checked_in' | 'called' | 'in_progress' | 'completed' | 'cancelled' | 'no_show';

export interface Appointment {
  id: string;
  bookingReference: string;
  doctorId: string;
  patientId: string;
  locationId: string;
  startAt: string;
  endAt: string;
  status: Status;
  reason: string | null;
  priority: string;
  walkIn: boolean;
  ticket: string | null;
  checkedInAt: string | null;
  cancelReason: string | null;
}

export interface Patient {
  id: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  phone: string;
  email: string | null;
}

export interface Slot {
  startAt: string;
  endAt: string;
  locationId: string;
}

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
