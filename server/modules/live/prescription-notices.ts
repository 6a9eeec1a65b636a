// Live prescription notices for staff: a patient's refill request appears at once on the
// prescribing doctor's sockets (their user room), so it can be decided while the patient waits,
// and stays in their inbox.
// The patient's own notices (prescription issued, refill approved or denied) are not sent here:
// they go through the notification worker on every channel, in-app included
// (notifications/prescription-planner.ts), which honours the patient's opt-outs and sends each
// exactly once; emitting them here as well would show the patient every notice twice.
// Payloads carry the number and ids only: never a medicine, dose, diagnosis or the patient's note.
import type { Db } from 'mongodb';
import type { Database } from '../../../db/mysql.js';
import type { HubEmitter } from '../../realtime/types.js';
import { findDoctorRow } from '../doctors/repository.js';
import { notifyUser } from '../inbox/notify.js';
import type { NotificationPayload } from './events.js';

interface RefillRequested {
  refillRequestId?: string;
  prescriptionId?: string;
  number?: string;
  doctorId?: string;
}

/** The doctor's notice of a refill request, or null when the payload lacks what it needs. */
export function refillRequestedNotice(p: RefillRequested): NotificationPayload | null {
  if (!p.refillRequestId || !p.prescriptionId || !p.number) return null;
  return {
    type: 'refill_requested',
    title: 'Refill requested',
    body: `${p.number} — a patient asks for a refill`,
    data: { refillRequestId: p.refillRequestId, prescriptionId: p.prescriptionId, number: p.number },
  };
}

/** Emits what a prescription event shows live; returns whether the event was one of them. */
export async function publishPrescriptionNotice(
  db: Database,
  mongo: Db,
  io: HubEmitter,
  event: { id: string; type: string; payload: unknown },
): Promise<boolean> {
  if (event.type !== 'refill.requested') return false;
  const payload = event.payload as RefillRequested;
  const notice = refillRequestedNotice(payload);
  const doctor = payload.doctorId ? await findDoctorRow(db, payload.doctorId) : null;
  // Keyed by the outbox event: published again after a takeover, it is kept and shown once.
  if (notice && doctor?.userId) await notifyUser(io, mongo, doctor.userId, notice, { role: 'doctor', key: `outbox:${event.id}` });
  return true;
}
