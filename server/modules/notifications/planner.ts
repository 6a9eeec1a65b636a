// Turns outbox events into notification rows and BullMQ jobs (a prescription's events are
// planned by prescription-planner.ts, billing's payment events by payment-planner.ts, a visit's
// completion also by feedback-planner.ts). Everything here is idempotent: rows are keyed by their
// dedupe key and jobs by deterministic ids, so planning an event twice, or re-planning a whole
// visit from MySQL (the reconciler), changes nothing that exists.
import type { Database } from '../../../db/mysql.js';
import type { NotificationKind } from '../../../db/schema/index.js';
import { enqueueNotifications, type NotificationsQueue, type RetryOverride, removeNotificationJobs } from '../../jobs/notifications.js';
import { markPlanned, unplannedEvents } from '../outbox/repository.js';
import { RESCHEDULED_REASON } from '../scheduling/transitions.js';
import { isRemindable, loadVisit, notRemindableReason } from './facts.js';
import { isFeedbackEvent, planFeedbackEvent } from './feedback-planner.js';
import { insertPlanned, isPending, type LogRow, rowsOfAppointment, skipPending } from './log.js';
import { isPaymentEvent, planPaymentEvent } from './payment-planner.js';
import { planNotice, planReminders, type QuietHours } from './plan.js';
import { isPrescriptionEvent, planPrescriptionEvent } from './prescription-planner.js';

export interface PlannerDeps {
  db: Database;
  notifications: NotificationsQueue;
  offsets: readonly { iso: string; ms: number }[];
  quietHours: QuietHours;
  /** FEEDBACK_DELAY: how long after a visit's completion its feedback request is due. */
  feedbackDelayMs: number;
  /** Overrides of the queue's default attempts/backoff (tests and benchmarks). */
  jobOptions?: RetryOverride;
}

type Notice = Exclude<NotificationKind, 'reminder'>;

/**
 * Brings one visit's notifications in line with MySQL: plans what is missing, voids what no
 * longer applies (and removes its jobs), and makes sure every pending row has its job.
 * `bookedAt` is when the change happened (the event's time): reminders already due then are
 * recorded as skipped; ones that fell due since, while the planner lagged, go out at once.
 */
export async function syncVisit(deps: PlannerDeps, appointmentId: string, notice: Notice | null, now = new Date(), bookedAt?: Date) {
  const visit = await loadVisit(deps.db, appointmentId);
  if (!visit) return;
  if (isRemindable(visit, now)) {
    const planned = planReminders(visit.startAt, deps.offsets, visit.timezone, deps.quietHours, bookedAt ?? visit.createdAt);
    if (notice === 'confirmation' || notice === 'moved') {
      planned.push(...planNotice(notice, visit.startAt, visit.timezone, deps.quietHours, now));
    }
    await insertPlanned(deps.db, visit.id, visit.patientId, planned);
  } else if (notice === 'cancelled' && visit.status === 'cancelled' && visit.cancelReason !== RESCHEDULED_REASON) {
    await insertPlanned(deps.db, visit.id, visit.patientId, planNotice('cancelled', visit.startAt, visit.timezone, deps.quietHours, now));
  }

  const rows = await rowsOfAppointment(deps.db, visit.id);
  const voidReason = (row: LogRow) => {
    if (row.kind === 'cancelled') return null; // the cancellation notice is the one that still goes
    if (!isRemindable(visit, now)) return notRemindableReason(visit, now);
    return row.startAt.getTime() === visit.startAt.getTime() ? null : 'appointment_moved';
  };
  const pending = rows.filter((r) => isPending(r, undefined, now));
  const voided = pending.filter((r) => voidReason(r) !== null);
  for (const reason of new Set(voided.map(voidReason))) {
    await skipPending(
      deps.db,
      voided.filter((r) => voidReason(r) === reason).map((r) => r.id),
      reason as string,
    );
  }
  await removeNotificationJobs(deps.notifications, voided);
  await enqueue(
    deps,
    pending.filter((r) => voidReason(r) === null),
  );
}

/** Adds the jobs of `rows` (deterministic ids: an existing job is left alone). */
export function enqueue(deps: Pick<PlannerDeps, 'notifications' | 'jobOptions'>, rows: LogRow[]): Promise<number> {
  return enqueueNotifications(deps.notifications, rows, deps.jobOptions);
}

const NOTICE_OF: Record<string, Notice | null> = {
  'appointment.booked': 'confirmation',
  'appointment.rescheduled': 'moved',
  'appointment.cancelled': 'cancelled',
};

/** Plans every outbox event not planned yet, oldest first; returns how many it handled. */
export async function planFromOutbox(deps: PlannerDeps, now = new Date(), batchSize = 200): Promise<number> {
  const batch = await unplannedEvents(deps.db, batchSize);
  for (const event of batch) {
    if (isPrescriptionEvent(event.type)) await planPrescriptionEvent(deps, event, now);
    if (isPaymentEvent(event.type)) await planPaymentEvent(deps, event, now);
    if (event.aggregateType !== 'appointment') continue;
    if (isFeedbackEvent(event.type)) await planFeedbackEvent(deps, event, now);
    const previous = (event.payload as { previousAppointmentId?: string }).previousAppointmentId;
    if (event.type === 'appointment.rescheduled' && previous) await syncVisit(deps, previous, null, now);
    await syncVisit(deps, event.aggregateId, NOTICE_OF[event.type] ?? null, now, event.occurredAt);
  }
  await markPlanned(
    deps.db,
    batch.map((e) => e.id),
    now,
  );
  return batch.length;
}
