// What the sender reads and writes in MySQL to send one row once (send.ts, send-row.ts): the job's
// rows, the visit as it is now, the claim, the wording, the outcome. Two implementations with the
// same rules: `directStore` runs each call as its own query (tests, one-off sends), and the worker
// uses `batchedStore` (batched-store.ts), which joins the calls that concurrent jobs make at the
// same moment into one prepared statement each. The claim protocol is the same in both (log.ts).
import type { Database } from '../../../db/mysql.js';
import type { NotificationChannel, NotificationKind, NotificationStatus } from '../../../db/schema/index.js';
import { doctorNameOf } from './doctor-name.js';
import { loadVisit, type Visit } from './facts.js';
import { claim, type LogRow, markAttemptFailed, markSent, rowsOfJob, skipPending, statusOf } from './log.js';
import { findWording, type LanguagesOf } from './templates/lookup.js';
import type { Wording } from './templates/render.js';

export interface JobKey {
  appointmentId: string;
  kind: NotificationKind;
  offset: string | null;
  startAt: Date;
}

export interface SendStore {
  rowsOfJob(job: JobKey): Promise<LogRow[]>;
  loadVisit(appointmentId: string): Promise<Visit | null>;
  /** The doctor's name as a message says it, for a visit `loadVisit` returned. */
  doctorNameOf(visit: Visit): Promise<string | null>;
  /** The claim's instant (the fencing token), or null when the row is not pending (log.ts `claim`). */
  claim(rowId: string, leaseMs: number): Promise<Date | null>;
  statusOf(rowId: string): Promise<NotificationStatus | null>;
  findWording(kind: NotificationKind, channel: NotificationChannel, to: LanguagesOf): Promise<Wording | null>;
  /** Retried for seconds: failing here must not look like a failed send (log.ts `markSent`). */
  markSent(rowId: string, claimedAt: Date, providerId: string | null): Promise<void>;
  markAttemptFailed(rowId: string, claimedAt: Date, reason: string, final: boolean): Promise<void>;
  skipPending(rowIds: string[], reason: string, leaseMs: number): Promise<void>;
}

/** One query per call, through Drizzle (log.ts). */
export function directStore(db: Database): SendStore {
  return {
    rowsOfJob: (job) => rowsOfJob(db, job),
    loadVisit: (id) => loadVisit(db, id),
    doctorNameOf: (visit) => doctorNameOf(db, visit.doctorId),
    claim: (rowId, leaseMs) => claim(db, rowId, leaseMs),
    statusOf: (rowId) => statusOf(db, rowId),
    findWording: (kind, channel, to) => findWording(db, kind, channel, to),
    markSent: async (rowId, claimedAt, providerId) => {
      await markSent(db, rowId, claimedAt, providerId);
    },
    markAttemptFailed: (rowId, claimedAt, reason, final) => markAttemptFailed(db, rowId, claimedAt, reason, final),
    skipPending: (rowIds, reason, leaseMs) => skipPending(db, rowIds, reason, leaseMs),
  };
}
