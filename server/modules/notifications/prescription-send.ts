// The notification job of a prescription notice (issued, refill approved or denied). Each row is
// sent exactly as a visit's is (sendRow: claim, send, record, fenced by the claim); what differs
// is the check before each channel: the prescription or refill request as it is now, not the
// visit, which has usually ended by the time a prescription is signed.
import { UnrecoverableError } from 'bullmq';
import type { PrescriptionNotificationKind } from '../../../db/schema/index.js';
import type { NotificationJobData } from '../../jobs/notifications.js';
import { loadVisit } from './facts.js';
import { rowsOfSubject, skipPending } from './log.js';
import { loadSubject, prescriptionFacts, prescriptionNoticeVoidReason } from './prescription-facts.js';
import { type SenderDeps, type SendOutcome, sendRow, settleJob, tally } from './send-row.js';

export async function sendPrescriptionNoticeJob(
  deps: SenderDeps,
  data: NotificationJobData,
  attempt: { isLast: boolean },
): Promise<SendOutcome> {
  const kind = data.kind as PrescriptionNotificationKind;
  const { subjectId } = data;
  if (!subjectId) throw new UnrecoverableError(`${kind} job without a prescription or refill request`);
  const rows = (await rowsOfSubject(deps.db, subjectId, kind)).filter((r) => r.status === 'scheduled' || r.status === 'sending');
  const outcome: SendOutcome = { sent: 0, skipped: 0, failed: 0 };
  const retry: string[] = [];
  const elsewhere: string[] = [];
  for (const [i, row] of rows.entries()) {
    // Read again before each channel: a cancellation during the email stops the SMS.
    const subject = await loadSubject(deps.db, kind, subjectId);
    const visit = subject ? await loadVisit(deps.db, subject.appointmentId) : null;
    const gone = prescriptionNoticeVoidReason(kind, subject, visit);
    if (gone || !subject || !visit) {
      await skipPending(
        deps.db,
        rows.slice(i).map((r) => r.id),
        gone ?? 'prescription_gone',
        deps.claimLeaseMs,
      );
      outcome.skipped += rows.length - i;
      break;
    }
    const facts = async () => prescriptionFacts(kind, subject, visit, deps.publicUrl);
    tally(outcome, retry, elsewhere, await sendRow(deps, row, visit, facts, attempt));
  }
  return settleJob(outcome, retry, elsewhere);
}
