// The shapes the patient portal reads from the public HTTP API (see /docs for the full schemas).
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
  walkIn: boolean;
  ticket: string | null;
  rescheduledFromId: string | null;
  cancelReason: string | null;
}

export interface Doctor {
  id: string;
  userId: string;
  displayName: string;
  specialization: string;
  locationId: string;
  room: string;
  consultationMinutes: number;
}

export interface Location {
  id: string;
  name: string;
  address: string;
  phone: string;
  timezone: string;
  patientChangeCutoffHours: number;
}

export interface Slot {
  startAt: string;
  endAt: string;
  locationId: string;
}

export interface Participant {
  userId: string;
  role: string;
  name: string;
}

export interface Thread {
  id: string;
  patientId: string;
  doctorId: string;
  participants: Participant[];
  unreadCount: number;
  lastMessage: { id: string; senderId: string; preview: string; at: string } | null;
  createdAt: string;
}

/** A message, as the shared socket contract defines it. */
export type { MessagePayload as Message } from '../../../../server/modules/live/events';

export interface PatientRecord {
  id: string;
  firstName: string;
  lastName: string;
  phone: string;
  email: string | null;
  notificationPreferences: { email: boolean; sms: boolean; inApp: boolean };
}

export interface QueuePosition {
  appointmentId: string;
  ticket: string | null;
  position: number;
  etaMinutes: number;
  /** When the browser heard it, for "around 10:45". */
  receivedAt: number;
}

export interface Notice {
  key: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  receivedAt: number;
}
