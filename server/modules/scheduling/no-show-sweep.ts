// The no-show sweep: booked visits nobody arrived for become no-shows once their start plus a
// grace period has passed. The worker runs it on a schedule; it is a plain function of the clock.
//
// It marks a visit exactly as the manual no-show does (lifecycle.ts): the same state-machine
// check, the same stamps (noShowBy is null: the system acted) and an `appointment.no_show` outbox
// event in the same transaction. Candidates are read in bounded batches without locks; each is
// then re-read under the doctor's lock and its own row lock (the lock order every lifecycle
// transition uses) and re-checked, in one short transaction per visit. A check-in that commits
// first therefore wins: the sweep sees `checked_in` and leaves the visit alone.
import { and, asc, eq, gt, inArray, lt, or } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { appointments } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { lockDoctor } from '../doctors/repository.js';
import { applyTransition, STAMPS } from './lifecycle.js';

/** Statuses the sweep turns into no_show: the patient never checked in. */
const SWEPT = ['scheduled', 'confirmed'] as const;
const BATCH = 200;

interface Candidate {
  id: string;
  startAt: Date;
  doctorId: string;
}

/**
 * Marks every booked (not walk-in) visit still `scheduled` or `confirmed` whose start + grace is
 * before `now` (and that started within the last `lookbackDays`) as `no_show`. Returns the ids it marked, oldest start first. Running it again at
 * the same `now` marks nothing more.
 */
export async function markNoShows(db: Database, now: Date, graceMinutes: number, lookbackDays = 7): Promise<string[]> {
  const cutoff = new Date(now.getTime() - graceMinutes * 60_000);
  // Only the last week: the first run after an upgrade must not rewrite years of history.
  const since = new Date(now.getTime() - lookbackDays * 86_400_000);
  const marked: string[] = [];
  // Keyset paging over (startAt, id): every candidate is looked at once, so the loop ends even
  // when a visit changes under it.
  let after: { startAt: Date; id: string } | null = null;
  for (;;) {
    const batch: Candidate[] = await db
      .select({ id: appointments.id, startAt: appointments.startAt, doctorId: appointments.doctorId })
      .from(appointments)
      .where(
        and(
          inArray(appointments.status, [...SWEPT]),
          eq(appointments.walkIn, false),
          lt(appointments.startAt, cutoff),
          gt(appointments.startAt, since),
          after
            ? or(gt(appointments.startAt, after.startAt), and(eq(appointments.startAt, after.startAt), gt(appointments.id, after.id)))
            : undefined,
        ),
      )
      .orderBy(asc(appointments.startAt), asc(appointments.id))
      .limit(BATCH);
    for (const candidate of batch) {
      if (await markOne(db, candidate, cutoff, now)) marked.push(candidate.id);
    }
    if (batch.length < BATCH) return marked;
    after = batch[batch.length - 1]!;
  }
}

/** One visit, in its own transaction: re-read under lock, re-check, mark. False if it moved on. */
async function markOne(db: Database, candidate: Candidate, cutoff: Date, now: Date): Promise<boolean> {
  return transactionWithRetry(db, async (tx) => {
    // A visit never changes doctor (a reschedule makes a new row), so the doctor read above holds.
    await lockDoctor(tx, candidate.doctorId);
    const [row] = await tx.select().from(appointments).where(eq(appointments.id, candidate.id)).for('update');
    if (!row) return false;
    const stillDue = (SWEPT as readonly string[]).includes(row.status) && !row.walkIn && row.startAt < cutoff;
    if (!stillDue) return false;
    await applyTransition(tx, row, 'noShow', STAMPS.noShow(now, null), null);
    return true;
  });
}
