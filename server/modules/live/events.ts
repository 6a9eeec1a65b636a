// The Socket.IO contract, typed once for the server and the web client (client/ imports this
// file's types). Payload shapes match API.md; docs/EVENTS.md describes them for people.
import type { ErrorCode } from '../../errors.js';

/** `{ok:true, …}`, or a refusal whose code is one of the server's list (server/errors.ts). */
export type Ack<T extends object = object> = (
  answer: ({ ok: true } & T) | { ok: false; error: { code: ErrorCode; message: string } },
) => void;

export interface BoardPayload {
  locationId: string;
  seq: number;
  generatedAt: string;
  doctors: {
    doctorId: string;
    name: string;
    room: string;
    delayMinutes: number;
    nowServing: { ticket: string } | null;
    waiting: { ticket: string; etaMinutes: number; patientLabel: string | null }[];
  }[];
  /** The last five calls today, newest first. */
  recentCalls: { ticket: string; room: string; doctorName: string; calledAt: string }[];
}

export interface QueuePayload {
  doctorId: string;
  seq: number;
  delayMinutes: number;
  nowServing: {
    appointmentId: string;
    ticket: string;
    patient: { id: string; name: string };
    status: string;
    /** When the patient was called (ISO). */
    calledAt: string | null;
    /** A called visit may be marked a no-show from this instant (NO_SHOW_AFTER_CALL after the call); null once in progress. */
    noShowAllowedFrom: string | null;
  } | null;
  waiting: {
    appointmentId: string;
    ticket: string;
    patient: { id: string; name: string };
    reason: string | null;
    priority: string;
    checkedInAt: string;
    etaMinutes: number;
    /** When the visit's latest triage vitals were taken (a nurse at check-in); null: not triaged yet. */
    triagedAt: string | null;
  }[];
}

/** A location's dispensing queue (GET /api/pharmacy/queue) with its sequence number. */
export interface PharmacyQueuePayload {
  locationId: string;
  seq: number;
  total: number;
  truncated: boolean;
  prescriptions: {
    prescriptionId: string;
    number: string;
    status: string;
    signedAt: string | null;
    validUntil: string | null;
    /** Set while on hold. */
    holdReason: string | null;
    fillsRemaining: number;
    patient: { name: string; dateOfBirth: string };
    doctor: { name: string; licenseNumber: string };
    items: {
      itemId: string;
      medicationId: string;
      name: string;
      genericName: string;
      form: string;
      strength: string;
      quantity: number;
      dispensedQuantity: number;
      remaining: number;
      instructions: string | null;
      dose: string;
      frequency: string;
      onHand: number;
    }[];
  }[];
}

/** One set of vital signs (units: °C, beats/min, mmHg, breaths/min, %, kg, cm); absent measures are left out. */
export interface VitalsPayload {
  id: string;
  patientId: string;
  appointmentId: string | null;
  source: 'triage' | 'note' | 'direct';
  /** When they were taken. */
  at: string;
  temperatureC?: number;
  heartRate?: number;
  systolic?: number;
  diastolic?: number;
  respiratoryRate?: number;
  spo2?: number;
  weightKg?: number;
  heightCm?: number;
  recordedBy: { id: string; name: string } | null;
}

/** The parts of a chart a `chart:changed` names (never their content: the client reads it again over REST, where access is checked). */
export type ChartPart = 'allergies' | 'conditions' | 'medications' | 'history' | 'vitals' | 'notes' | 'documents';

export interface NotificationPayload {
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
}

/** A message as the API and sockets carry it (a deleted one has body null). */
export interface MessagePayload {
  id: string;
  threadId: string;
  senderId: string;
  clientMessageId: string;
  body: string | null;
  edited: boolean;
  deleted: boolean;
  createdAt: string;
  /** userId → when they read up to here. */
  readBy: Record<string, string>;
}

/** Patient–doctor threads over the socket (server/modules/messaging/socket.ts, docs/EVENTS.md). */
export interface MessagingClientEvents {
  'thread:join': (payload: { threadId: string; after?: string }, ack: Ack<{ messages: MessagePayload[] }>) => void;
  'message:send': (payload: { threadId: string; clientMessageId: string; body: string }, ack: Ack<{ message: MessagePayload }>) => void;
  'message:read': (payload: { threadId: string; messageId: string }, ack: Ack) => void;
  typing: (payload: { threadId: string; isTyping: boolean }) => void;
}

export interface MessagingServerEvents {
  'message:new': (event: { threadId: string; message: MessagePayload }) => void;
  'message:edited': (event: { threadId: string; message: MessagePayload }) => void;
  'message:deleted': (event: { threadId: string; message: MessagePayload }) => void;
  'message:read': (event: { threadId: string; userId: string; messageId: string }) => void;
  typing: (event: { threadId: string; userId: string; isTyping: boolean }) => void;
}

export interface ClientToServerEvents {
  'board:subscribe': (payload: { locationId: string }, ack: Ack<{ board: BoardPayload }>) => void;
  'queue:subscribe': (payload: { doctorId: string }, ack: Ack<{ queue: QueuePayload }>) => void;
  'availability:subscribe': (payload: { doctorId: string }, ack: Ack) => void;
  /** Answered with the hub's clock (`now`, ISO), so a screen can tell how old a call it receives is. */
  'display:heartbeat': (payload: Record<string, never>, ack: Ack<{ now: string }>) => void;
  /** A location's pharmacists and admins: the queue now, then `pharmacy:update` on every change. */
  'pharmacy:subscribe': (payload: { locationId: string }, ack: Ack<{ queue: PharmacyQueuePayload }>) => void;
  /** The care team (doctors and nurses who may read the record) follows a patient's chart; audited as a record read. */
  'chart:subscribe': (payload: { patientId: string }, ack: Ack) => void;
  'chart:unsubscribe': (payload: { patientId: string }, ack: Ack) => void;
  /** A location's nurses (and admins) follow its triage list: `triage:changed` says "read it again". */
  'triage:subscribe': (payload: { locationId: string }, ack: Ack) => void;
}

export interface ServerToClientEvents {
  'board:update': (board: BoardPayload) => void;
  /** `calledAt`: when the call was made (ISO); a screen that gets it late (a replay after a reconnect) shows it without speaking it. */
  'board:call': (call: { ticket: string; room: string; doctorName: string; calledAt: string }) => void;
  'queue:update': (queue: QueuePayload) => void;
  /** The whole dispensing queue of a location, after any change to it (newest seq wins). */
  'pharmacy:update': (queue: PharmacyQueuePayload) => void;
  'queue:position': (position: { appointmentId: string; ticket: string | null; position: number; etaMinutes: number }) => void;
  'live:synced': (synced: { view: 'board' | 'queue'; seq: number }) => void;
  'display:reload': (reload: { at: string }) => void;
  notification: (notification: NotificationPayload) => void;
  /** A location's queues changed (a check-in, a call, a triage…): read GET /api/locations/:id/triage again. */
  'triage:changed': (event: { locationId: string }) => void;
  /** Something else of a followed chart changed: read that part again. */
  'chart:changed': (event: { patientId: string; part: ChartPart }) => void;
  /** The doctor's free slots changed (a booking, move or cancellation): fetch availability again. */
  'availability:changed': (change: { doctorId: string }) => void;
  /** Sent just before the hub closes a socket that kept sending more events than its budget. */
  'limits:disconnect': (notice: { code: ErrorCode; message: string; retryAfterSeconds: number }) => void;
}
