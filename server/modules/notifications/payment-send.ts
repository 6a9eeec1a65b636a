// The notification job of a payment notice (received, failed). Each row is sent exactly as a
// visit's is (sendRow: claim, send, record, fenced by the claim); the check before each channel
// is the payment or checkout as it is now (a failed checkout that went through since, or an
// invoice paid since, is not worth a "try again").
import { UnrecoverableError } from 'bullmq';
import type { PaymentNotificationKind } from '../../../db/schema/index.js';
import type { NotificationJobData } from '../../jobs/notifications.js';
import { loadVisit } from './facts.js';
import { rowsOfSubject, skipPending } from './log.js';
import { loadPaymentSubject, paymentFacts, paymentNoticeVoidReason } from './payment-facts.js';
import { type SenderDeps, type SendOutcome, sendRow, settleJob, tally } from './send-row.js';

export async function sendPaymentNoticeJob(
  deps: SenderDeps,
  data: NotificationJobData,
  attempt: { isLast: boolean },
): Promise<SendOutcome> {
  const kind = data.kind as PaymentNotificationKind;
  const { subjectId } = data;
  if (!subjectId) throw new UnrecoverableError(`${kind} job without a payment or checkout`);
  const rows = (await rowsOfSubject(deps.db, subjectId, kind)).filter((r) => r.status === 'scheduled' || r.status === 'sending');
  const outcome: SendOutcome = { sent: 0, skipped: 0, failed: 0 };
  const retry: string[] = [];
  const elsewhere: string[] = [];
  for (const [i, row] of rows.entries()) {
    const subject = await loadPaymentSubject(deps.db, kind, subjectId);
    const visit = subject ? await loadVisit(deps.db, subject.appointmentId) : null;
    const gone = paymentNoticeVoidReason(kind, subject, visit);
    if (gone || !subject || !visit) {
      await skipPending(
        deps.db,
        rows.slice(i).map((r) => r.id),
        gone ?? 'payment_gone',
        deps.claimLeaseMs,
      );
      outcome.skipped += rows.length - i;
      break;
    }
    const facts = async () => paymentFacts(kind, subject, visit, deps.publicUrl);
    tally(outcome, retry, elsewhere, await sendRow(deps, row, visit, facts, attempt));
  }
  return settleJob(outcome, retry, elsewhere);
}
