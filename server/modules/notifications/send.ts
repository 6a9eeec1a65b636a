// The notification job's processor. It re-reads the visit and sends each channel's row once
// (send-row.ts: claim, send, record, fenced by the claim). A prescription notice's job is checked
// against its prescription instead of the visit (prescription-send.ts), a payment notice's against
// its payment or checkout (payment-send.ts), a feedback request's against the completed visit and
// its feedback (feedback-send.ts).
import {
  FEEDBACK_NOTIFICATION_KINDS,
  type NotificationKind,
  PAYMENT_NOTIFICATION_KINDS,
  PRESCRIPTION_NOTIFICATION_KINDS,
  type VisitNotificationKind,
} from '../../../db/schema/index.js';
import type { NotificationJobData } from '../../jobs/notifications.js';
import type { Delivery } from './channels/types.js';
import { calendarRootOf, isRemindable, notRemindableReason, type Visit } from './facts.js';
import { sendFeedbackRequestJob } from './feedback-send.js';
import type { LogRow } from './log.js';
import { sendPaymentNoticeJob } from './payment-send.js';
import { sendPrescriptionNoticeJob } from './prescription-send.js';
import { type SenderDeps, type SendOutcome, sendRow, settleJob, storeOf, tally } from './send-row.js';

export { ClaimedElsewhere, describeFailure, RetryLater, type SenderDeps, type SendOutcome } from './send-row.js';

/** Why the message no longer makes sense for the visit as it is now, or null when it does. */
function voidReason(kind: NotificationKind, visit: Visit | null, plannedStart: Date, now: Date): string | null {
  if (!visit) return 'appointment_gone';
  if (kind === 'cancelled') return visit.status === 'cancelled' ? null : `appointment_${visit.status}`;
  if (!isRemindable(visit, now)) return notRemindableReason(visit, now);
  return visit.startAt.getTime() === plannedStart.getTime() ? null : 'appointment_moved';
}

const isPrescriptionKind = (kind: NotificationKind) => (PRESCRIPTION_NOTIFICATION_KINDS as readonly string[]).includes(kind);
const isPaymentKind = (kind: NotificationKind) => (PAYMENT_NOTIFICATION_KINDS as readonly string[]).includes(kind);
const isFeedbackKind = (kind: NotificationKind) => (FEEDBACK_NOTIFICATION_KINDS as readonly string[]).includes(kind);

export async function sendNotificationJob(deps: SenderDeps, data: NotificationJobData, attempt: { isLast: boolean }): Promise<SendOutcome> {
  if (isPrescriptionKind(data.kind)) return sendPrescriptionNoticeJob(deps, data, attempt);
  if (isPaymentKind(data.kind)) return sendPaymentNoticeJob(deps, data, attempt);
  if (isFeedbackKind(data.kind)) return sendFeedbackRequestJob(deps, data, attempt);
  const store = storeOf(deps);
  const startAt = new Date(data.startAt);
  const rows = (await store.rowsOfJob({ ...data, startAt })).filter((r) => r.status === 'scheduled' || r.status === 'sending');
  const outcome: SendOutcome = { sent: 0, skipped: 0, failed: 0 };
  const retry: string[] = [];
  const elsewhere: string[] = [];
  for (const [i, row] of rows.entries()) {
    // The visit is read again before each channel: a cancellation during the email stops the SMS.
    const visit = await store.loadVisit(data.appointmentId);
    const gone = voidReason(data.kind, visit, startAt, new Date());
    if (gone || !visit) {
      await store.skipPending(
        rows.slice(i).map((r) => r.id),
        gone ?? 'appointment_gone',
        deps.claimLeaseMs,
      );
      outcome.skipped += rows.length - i;
      break;
    }
    const result = await sendRow(deps, row, visit, async () => visitFacts(deps, row, visit), attempt);
    tally(outcome, retry, elsewhere, result);
  }
  return settleJob(outcome, retry, elsewhere);
}

async function visitFacts(deps: SenderDeps, row: LogRow, visit: Visit): Promise<Delivery['facts']> {
  return {
    appointmentId: visit.id,
    calendarId: row.channel === 'email' ? await calendarRootOf(deps.db, visit) : visit.id,
    kind: row.kind as VisitNotificationKind,
    patientFirstName: visit.firstName,
    locationName: visit.locationName,
    locationAddress: visit.locationAddress,
    locationPhone: visit.locationPhone,
    locationZone: visit.locationZone,
    startAt: visit.startAt,
    endAt: visit.endAt,
    bookingReference: visit.bookingReference,
    // Only an admin's wording names the doctor ({{doctorName}}); the built-in ones do not.
    doctorName: await storeOf(deps).doctorNameOf(visit),
  };
}
