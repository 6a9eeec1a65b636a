// Shapes of the public contract this console reads (API.md and the OpenAPI document at /docs).
export interface Appointment {
  id: string;
  doctorId: string;
  patientId: string;
  locationId: string;
  startAt: string;
  endAt: string;
  status: string;
  reason: string | null;
  priority: string;
  walkIn: boolean;
  ticket: string | null;
}

export interface Patient {
  id: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  gender: string;
  phone: string;
  bloodType: string | null;
  allergies: string[];
  preferredLanguage: string;
}

export interface Soap {
  subjective: string;
  objective: { text?: string; vitals?: Vitals };
  assessment: { text?: string; diagnoses: { code: string; description: string }[] };
  plan: { text?: string; followUp?: { inDays?: number; notes?: string } };
}

export type Vitals = Partial<Record<VitalKey, number>>;
export type VitalKey = 'temperatureC' | 'heartRate' | 'systolic' | 'diastolic' | 'respiratoryRate' | 'spo2' | 'weightKg' | 'heightCm';

export interface Note {
  id: string;
  appointmentId: string;
  patientId: string;
  version: number;
  final: boolean;
  sharedWithPatient: boolean;
  soap: Soap;
  updatedAt: string;
}

export interface NoteVersion {
  version: number;
  final: boolean;
  soap: Soap;
  by: string;
  at: string;
}

export interface Thread {
  id: string;
  patientId: string;
  doctorId: string;
  participants: { userId: string; role: string; name: string }[];
  unreadCount: number;
  lastMessage: { id: string; senderId: string; preview: string; at: string } | null;
  createdAt: string;
}

/** A message, as the shared socket contract defines it. */
export type { MessagePayload as Message } from '../../../../server/modules/live/events';

/** The visit the patient panel and note editor are about: the one in the room, or one picked. */
export interface Focus {
  appointmentId: string;
  patientId: string;
  ticket: string | null;
  label: string;
}
