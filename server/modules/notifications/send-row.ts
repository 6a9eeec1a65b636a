// One notification_log row sent once, whatever the message is about (a visit: send.ts; a
// prescription: prescription-send.ts; a payment: payment-send.ts; a feedback request: feedback-send.ts). BullMQ may run a job twice (at-least-once, stalled jobs);
// the row's claim is what keeps the second run from sending again:
//   scheduled ──claim──▶ sending ──provider accepted──▶ sent
//                           └──error──▶ scheduled (retry) or failed (last attempt / permanent)
// A worker that dies mid-send leaves its claim; after `claimLeaseMs` (longer than any send can
// take) another run may take it over. Every write after the claim is fenced by the claim's
// instant, so a run whose claim was taken over cannot overwrite the new claimant's outcome. The
// provider sees the row id as idempotency key / Message-ID.
import { UnrecoverableError } from 'bullmq';
import type { Db } from 'mongodb';
import type { Database } from '../../../db/mysql.js';
import type { NotificationChannel } from '../../../db/schema/index.js';
import type { ChannelAdapter, Delivery } from './channels/types.js';
import { PermanentSendError } from './channels/types.js';
import { isPending, type LogRow } from './log.js';
import { channelBlocked, type Recipient } from './plan.js';
import { directStore, type SendStore } from './send-store.js';
import type { LanguagesOf } from './templates/lookup.js';

export interface SenderDeps {
  db: Database;
  channels: Partial<Record<NotificationChannel, ChannelAdapter>>;
  claimLeaseMs: number;
  /** PUBLIC_URL: prescription notices link to the portal under it, feedback requests to the form. */
  publicUrl: string;
  /** MongoDB: a feedback request is not sent once the visit's feedback is there. */
  mongo: Db;
  /** What a feedback request's link is signed with (JWT_SECRET, the API's too) and how long it works (FEEDBACK_WINDOW_DAYS). */
  feedback: { secret: string; windowDays: number };
  /** How the sender reads and writes MySQL; the worker's batches concurrent jobs (batched-store.ts). Default: one query per call. */
  store?: SendStore;
}

/** The deps' store, or one query per call on `db`. */
export function storeOf(deps: Pick<SenderDeps, 'db' | 'store'>): SendStore {
  return deps.store ?? directStore(deps.db);
}

/** Thrown so BullMQ retries: some row failed for now. */
export class RetryLater extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryLater';
  }
}

/** Another run holds a live claim on a row: come back after the lease, without using an attempt. */
export class ClaimedElsewhere extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClaimedElsewhere';
  }
}

export interface SendOutcome {
  sent: number;
  skipped: number;
  failed: number;
}

/**
 * What a failure may say in the log and on the dashboard: the provider's status or the error
 * code, never the provider's text (SMTP replies often echo the patient's address).
 */
export function describeFailure(channel: NotificationChannel, err: unknown): string {
  if (err instanceof PermanentSendError) return `${channel}: ${err.message}`;
  const { responseCode, code } = err as { responseCode?: number; code?: string };
  if (responseCode) return `${channel}: SMTP ${responseCode}`;
  if (typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code)) return `${channel}: ${code}`;
  if (err instanceof Error && /^SMS gateway answered \d{3}$/.test(err.message)) return `${channel}: ${err.message}`;
  return `${channel}: send failed`;
}

export type RowResult = { kind: 'sent' | 'skipped' | 'failed' } | { kind: 'retry' | 'elsewhere'; why: string };

/** Counts one row's result into the job's outcome and its retry / claimed-elsewhere reasons. */
export function tally(outcome: SendOutcome, retry: string[], elsewhere: string[], result: RowResult): void {
  if (result.kind === 'retry') retry.push(result.why);
  else if (result.kind === 'elsewhere') elsewhere.push(result.why);
  else outcome[result.kind]++;
}

/** The job's end: retried, delayed past another run's claim, failed for good, or done. */
export function settleJob(outcome: SendOutcome, retry: string[], elsewhere: string[]): SendOutcome {
  if (retry.length) throw new RetryLater(retry.join('; '));
  if (elsewhere.length) throw new ClaimedElsewhere(elsewhere.join('; '));
  // Nothing left to retry, but something failed for good: the job belongs in the failed set,
  // where the dashboard shows it (the rows say which channel and why).
  if (outcome.failed) throw new UnrecoverableError(`${outcome.failed} message(s) failed for good`);
  return outcome;
}

/**
 * Sends one row once: claim, send, record (fenced by the claim). `to` is the patient as they are
 * now (with their language and their visit's location's, which pick the admin's wording);
 * `facts` builds what the message says, only once the row is claimed.
 */
export async function sendRow(
  deps: SenderDeps,
  row: LogRow,
  to: Recipient & LanguagesOf,
  facts: () => Promise<Delivery['facts']>,
  attempt: { isLast: boolean },
): Promise<RowResult> {
  const store = storeOf(deps);
  const adapter = deps.channels[row.channel];
  // Preferences and addresses are read now: a STOP (or a new email address) after booking counts.
  const blocked = adapter
    ? channelBlocked(row.channel, to, { email: Boolean(deps.channels.email), sms: Boolean(deps.channels.sms) })
    : `${row.channel}_not_configured`;
  if (blocked) {
    if (!isPending(row, deps.claimLeaseMs)) return { kind: 'elsewhere', why: `${row.channel}: being sent by another run` };
    await store.skipPending([row.id], blocked, deps.claimLeaseMs);
    return { kind: 'skipped' };
  }
  const claimedAt = await store.claim(row.id, deps.claimLeaseMs);
  if (!claimedAt) {
    const now = await store.statusOf(row.id);
    // Final: another run finished it. Still pending or sending: another run has it right now.
    if (now === 'sent' || now === 'skipped' || now === 'failed' || now === null) return { kind: 'skipped' };
    return { kind: 'elsewhere', why: `${row.channel}: being sent by another run` };
  }
  let providerId: string | null;
  try {
    // The admin's wording is read with the facts, after the claim: an edit counts from the next message on.
    const wording = await store.findWording(row.kind, row.channel, to);
    providerId = await (adapter as ChannelAdapter).send({
      rowId: row.id,
      facts: { ...(await facts()), wording },
      to: { email: to.email, phone: to.phone, userId: to.userId },
    });
  } catch (err) {
    const permanent = err instanceof PermanentSendError;
    const why = describeFailure(row.channel, err);
    await store.markAttemptFailed(row.id, claimedAt, why, permanent || attempt.isLast);
    return permanent || attempt.isLast ? { kind: 'failed' } : { kind: 'retry', why };
  }
  // Accepted by the provider: from here on nothing may count it as a failure.
  await store.markSent(row.id, claimedAt, providerId);
  return { kind: 'sent' };
}
