// The notification job's processor. It re-reads the visit, sends each channel's row once and
// records the outcome. BullMQ may run a job twice (at-least-once, stalled jobs); the row's claim
// is what keeps the second run from sending again:
//   scheduled ──claim──▶ sending ──provider accepted──▶ sent
//                           └──error──▶ scheduled (retry) or failed (last attempt / permanent)
// A worker that dies mid-send leaves its claim; after `claimLeaseMs` (longer than any send can
// take) another run may take it over. The provider sees the row id as idempotency key/Message-ID.
import { UnrecoverableError } from 'bullmq';
import type { Database } from '../../../db/mysql.js';
import type { NotificationChannel, NotificationKind } from '../../../db/schema/index.js';
import type { ChannelAdapter } from './channels/types.js';
import { PermanentSendError } from './channels/types.js';
import { isRemindable, loadVisit, notRemindableReason, type Visit } from './facts.js';
import { claim, type LogRow, markAttemptFailed, markSent, rowsOfJob, skipPending, statusOf } from './log.js';
import { type ChannelsAvailable, channelBlocked } from './plan.js';

export interface NotificationJobData {
  appointmentId: string;
  kind: NotificationKind;
  offset: string | null;
  /** The visit's start when the job was planned (ISO): a moved visit makes this job void. */
  startAt: string;
}

export interface SenderDeps {
  db: Database;
  channels: Partial<Record<NotificationChannel, ChannelAdapter>>;
  claimLeaseMs: number;
}

/** Thrown so BullMQ retries: some row failed for now, or another run is sending it right now. */
export class RetryLater extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryLater';
  }
}

export interface SendOutcome {
  sent: number;
  skipped: number;
  failed: number;
}

/** Whether the message still makes sense for the visit as it is now. */
function stillHolds(kind: NotificationKind, visit: Visit, plannedStart: Date, now: Date): string | null {
  if (kind === 'cancelled') return visit.status === 'cancelled' ? null : `appointment_${visit.status}`;
  if (!isRemindable(visit, now)) return notRemindableReason(visit, now);
  return visit.startAt.getTime() === plannedStart.getTime() ? null : 'appointment_moved';
}

export async function sendNotificationJob(
  deps: SenderDeps,
  data: NotificationJobData,
  attempt: { isLast: boolean },
  now = new Date(),
): Promise<SendOutcome> {
  const startAt = new Date(data.startAt);
  const rows = (await rowsOfJob(deps.db, { ...data, startAt })).filter((r) => r.status === 'scheduled' || r.status === 'sending');
  const outcome: SendOutcome = { sent: 0, skipped: 0, failed: 0 };
  if (!rows.length) return outcome;
  const visit = await loadVisit(deps.db, data.appointmentId);
  const void_ = visit ? stillHolds(data.kind, visit, startAt, now) : 'appointment_gone';
  if (!visit || void_) {
    await skipPending(
      deps.db,
      rows.map((r) => r.id),
      void_ ?? 'appointment_gone',
    );
    outcome.skipped = rows.length;
    return outcome;
  }

  const available: ChannelsAvailable = { email: Boolean(deps.channels.email), sms: Boolean(deps.channels.sms) };
  const problems: string[] = [];
  for (const row of rows) {
    // Preferences are read again now: a STOP after booking wins over the plan.
    const blocked = deps.channels[row.channel] ? channelBlocked(row.channel, visit, available) : `${row.channel}_not_configured`;
    if (blocked) {
      await skipPending(deps.db, [row.id], blocked);
      outcome.skipped++;
      continue;
    }
    const result = await sendRow(deps, row, visit, attempt);
    if (result === 'sent') outcome.sent++;
    else if (result === 'failed') outcome.failed++;
    else if (result !== 'done') problems.push(result);
  }
  if (problems.length) throw new RetryLater(problems.join('; '));
  // Nothing left to retry, but something failed for good: the job belongs in the failed set,
  // where the dashboard shows it (the rows say which channel and why).
  if (outcome.failed) throw new UnrecoverableError(`${outcome.failed} message(s) failed for good`);
  return outcome;
}

/** Sends one row; returns its fate, or a problem that calls for a retry. */
async function sendRow(
  deps: SenderDeps,
  row: LogRow,
  visit: Visit,
  attempt: { isLast: boolean },
): Promise<'sent' | 'failed' | 'done' | string> {
  if (!(await claim(deps.db, row.id, deps.claimLeaseMs))) {
    // Final already (another run finished it), or another run holds a live claim.
    return (await statusOf(deps.db, row.id)) === 'sending' ? `${row.channel}: being sent by another run` : 'done';
  }
  const adapter = deps.channels[row.channel] as ChannelAdapter;
  try {
    const providerId = await adapter.send({
      rowId: row.id,
      facts: {
        appointmentId: visit.id,
        kind: row.kind,
        patientFirstName: visit.firstName,
        locationName: visit.locationName,
        locationAddress: visit.locationAddress,
        locationPhone: visit.locationPhone,
        locationZone: visit.locationZone,
        startAt: visit.startAt,
        endAt: visit.endAt,
        bookingReference: visit.bookingReference,
      },
      to: { email: visit.email, phone: visit.phone, userId: visit.userId },
    });
    await markSent(deps.db, row.id, providerId);
    return 'sent';
  } catch (err) {
    const permanent = err instanceof PermanentSendError;
    const reason = `${row.channel}: ${(err as Error).message}`;
    await markAttemptFailed(deps.db, row.id, reason, permanent || attempt.isLast);
    return permanent || attempt.isLast ? 'failed' : reason;
  }
}
