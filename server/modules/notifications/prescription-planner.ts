// Plans a prescription notice from its outbox event: one notification_log row per channel, keyed
// by (prescription or refill request, kind, channel), and its job. Idempotent like the visit
// planner: planning the same event twice, or a second event about the same subject, adds nothing.
// Only ids are taken from the event; everything else is read now. A completed fill's "ready for
// pickup" is about its dispense, so each fill of a refilled prescription gets its own.
import { enqueueNotifications } from '../../jobs/notifications.js';
import type { OutboxEvent } from '../outbox/repository.js';
import { loadVisit } from './facts.js';
import { insertPlanned, isPending, rowsOfSubject } from './log.js';
import { planPrescriptionNotice } from './plan.js';
import type { PlannerDeps } from './planner.js';
import { loadSubject, NOTICE_OF_PRESCRIPTION_EVENT, subjectOfEvent } from './prescription-facts.js';

export function isPrescriptionEvent(type: string): boolean {
  return type.startsWith('prescription.') || type.startsWith('refill.');
}

/** Plans the patient's notice for one prescription or refill event (others notify nobody by mail). */
export async function planPrescriptionEvent(deps: PlannerDeps, event: OutboxEvent, now: Date): Promise<void> {
  const kind = NOTICE_OF_PRESCRIPTION_EVENT[event.type];
  if (!kind) return; // signed-then-cancelled and refill requests: the patient is not messaged
  const subjectId = subjectOfEvent(kind, event.payload as Record<string, unknown>, event.aggregateId);
  if (!subjectId) return;
  const subject = await loadSubject(deps.db, kind, subjectId);
  const visit = subject && (await loadVisit(deps.db, subject.appointmentId));
  if (!subject || !visit) return;
  const planned = planPrescriptionNotice(kind, subjectId, visit.startAt, visit.timezone, deps.quietHours, now);
  await insertPlanned(deps.db, subject.appointmentId, subject.patientId, planned);
  const rows = await rowsOfSubject(deps.db, subjectId, kind);
  await enqueueNotifications(
    deps.notifications,
    rows.filter((r) => isPending(r, undefined, now)),
    deps.jobOptions,
  );
}
