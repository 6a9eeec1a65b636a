// The notification job of a feedback request. Each row is sent exactly as a visit's is (sendRow:
// claim, send, record, fenced by the claim); the check before each channel is the visit as it is
// now (still completed, its feedback window still open) and the feedback store (no feedback given
// yet, through the portal or an earlier link): a patient who rated the visit between the email
// and the SMS gets no SMS.
import { UnrecoverableError } from 'bullmq';
import type { NotificationJobData } from '../../jobs/notifications.js';
import { feedbackFacts, feedbackRequestGoneReason, loadFeedbackVisit } from './feedback-facts.js';
import { rowsOfSubject, skipPending } from './log.js';
import { type SenderDeps, type SendOutcome, sendRow, settleJob, tally } from './send-row.js';

export async function sendFeedbackRequestJob(
  deps: SenderDeps,
  data: NotificationJobData,
  attempt: { isLast: boolean },
): Promise<SendOutcome> {
  // The subject is the visit (the job's appointmentId says the same).
  const { subjectId: appointmentId } = data;
  if (!appointmentId) throw new UnrecoverableError('feedback_request job without its visit');
  const rows = (await rowsOfSubject(deps.db, appointmentId, 'feedback_request')).filter(
    (r) => r.status === 'scheduled' || r.status === 'sending',
  );
  const outcome: SendOutcome = { sent: 0, skipped: 0, failed: 0 };
  const retry: string[] = [];
  const elsewhere: string[] = [];
  const link = { secret: deps.feedback.secret, windowDays: deps.feedback.windowDays, publicUrl: deps.publicUrl };
  for (const [i, row] of rows.entries()) {
    const visit = await loadFeedbackVisit(deps.db, appointmentId);
    const gone = await feedbackRequestGoneReason(deps.mongo, visit, deps.feedback.windowDays, new Date());
    if (gone || !visit) {
      await skipPending(
        deps.db,
        rows.slice(i).map((r) => r.id),
        gone ?? 'appointment_gone',
        deps.claimLeaseMs,
      );
      outcome.skipped += rows.length - i;
      break;
    }
    tally(outcome, retry, elsewhere, await sendRow(deps, row, visit, () => feedbackFacts(deps.db, visit, link), attempt));
  }
  return settleJob(outcome, retry, elsewhere);
}
