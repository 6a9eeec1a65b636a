// Plans a payment notice from its outbox event: one notification_log row per channel, keyed by
// (payment or failed checkout, kind, channel), and its job. Idempotent like the prescription
// planner: planning the same event twice, or a second event about the same payment, adds nothing,
// so each payment is announced once and each failed checkout once. Only ids are taken from the
// event; everything else is read now.
import { enqueueNotifications } from '../../jobs/notifications.js';
import type { OutboxEvent } from '../outbox/repository.js';
import { loadVisit } from './facts.js';
import { insertPlanned, isPending, rowsOfSubject } from './log.js';
import { isPaymentEvent, loadPaymentSubject, NOTICE_OF_PAYMENT_EVENT, paymentSubjectOfEvent } from './payment-facts.js';
import { CHANNELS, outsideQuietHours, type PlannedNotification, type QuietHours } from './plan.js';
import type { PlannerDeps } from './planner.js';

export { isPaymentEvent };

/**
 * The notice goes out now on every channel, under the quiet-hours rule of prescription notices:
 * nothing waits on it, so a message that falls in quiet hours waits for them to end.
 */
export function planPaymentNotice(
  kind: 'payment_received' | 'payment_failed',
  subjectId: string,
  visitStart: Date,
  zone: string,
  quiet: QuietHours,
  now: Date,
): PlannedNotification[] {
  const dueAt = outsideQuietHours(now, new Date(8.64e15), zone, quiet);
  return CHANNELS.map((channel) => ({
    kind,
    offset: null,
    startAt: visitStart,
    dueAt,
    subjectId,
    channel,
    status: 'scheduled',
    reason: null,
  }));
}

export async function planPaymentEvent(deps: PlannerDeps, event: OutboxEvent, now: Date): Promise<void> {
  const kind = NOTICE_OF_PAYMENT_EVENT[event.type];
  if (!kind) return;
  const subjectId = paymentSubjectOfEvent(kind, event.payload as Record<string, unknown>);
  if (!subjectId) return;
  const subject = await loadPaymentSubject(deps.db, kind, subjectId);
  const visit = subject && (await loadVisit(deps.db, subject.appointmentId));
  if (!subject || !visit) return;
  const planned = planPaymentNotice(kind, subjectId, visit.startAt, visit.timezone, deps.quietHours, now);
  await insertPlanned(deps.db, subject.appointmentId, subject.patientId, planned);
  const rows = await rowsOfSubject(deps.db, subjectId, kind);
  await enqueueNotifications(
    deps.notifications,
    rows.filter((r) => isPending(r, undefined, now)),
    deps.jobOptions,
  );
}
