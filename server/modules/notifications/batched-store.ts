// The worker's SendStore (send-store.ts): the calls that concurrent jobs make in the same turn of
// the event loop are joined into one statement each, run as server-side prepared statements
// (mysql2 `execute`), so a burst of reminders costs a handful of round trips per batch instead of
// six Drizzle-built queries per send. Nothing is cached across batches: each batch reads MySQL as
// it is then, as the direct store does.
//
// The claim keeps the protocol of log.ts exactly: a row is taken only while pending (scheduled, or
// claimed longer than the lease ago), and the claim's instant is the fence every later write of
// that run must match. Many rows are claimed in one transaction that locks them first (SELECT …
// FOR UPDATE, in id order), so the run knows precisely which rows it took; two worker processes
// claiming the same row serialise on its lock and the second sees it `sending`.
import type { Pool, PoolConnection } from 'mysql2/promise';
import type { Database } from '../../../db/mysql.js';
import type { NotificationStatus } from '../../../db/schema/index.js';
import { doctorDisplayName } from '../doctors/service.js';
import { visitsForNotification } from '../scheduling/appointments-repository.js';
import type { Visit } from './facts.js';
import { isPending, type LogRow, skipPending } from './log.js';
import type { JobKey, SendStore } from './send-store.js';
import { TEMPLATE_KIND_OF } from './templates/catalogue.js';
import { languagePreference } from './templates/language.js';
import type { Wording } from './templates/render.js';

/** The largest batch one statement carries; more waiting calls run as several statements. */
const MAX_BATCH = 64;

/** `?,?,…` for `n` values padded to a power of two (repeating the last), so few statement texts exist. */
function padded<T>(values: T[]): { marks: string; values: T[] } {
  const size = 2 ** Math.ceil(Math.log2(values.length));
  return {
    marks: Array(size).fill('?').join(','),
    values: Array.from({ length: size }, (_, i) => values[Math.min(i, values.length - 1)] as T),
  };
}

/**
 * Calls made before the event loop next turns are run together by `run`, in chunks of MAX_BATCH;
 * each caller gets its own answer (`run` returns them in order) or the chunk's error.
 */
export function coalesce<I, O>(run: (items: I[]) => Promise<O[]>): (item: I) => Promise<O> {
  let waiting: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  const flush = () => {
    const batch = waiting;
    waiting = [];
    for (let i = 0; i < batch.length; i += MAX_BATCH) {
      const chunk = batch.slice(i, i + MAX_BATCH);
      run(chunk.map((c) => c.item)).then(
        (out) => {
          for (const [j, c] of chunk.entries()) c.resolve(out[j] as O);
        },
        (err: unknown) => {
          for (const c of chunk) c.reject(err);
        },
      );
    }
  };
  return (item) =>
    new Promise<O>((resolve, reject) => {
      if (!waiting.length) setImmediate(flush);
      waiting.push({ item, resolve, reject });
    });
}

const ROW_COLUMNS = `id, dedupe_key AS dedupeKey, appointment_id AS appointmentId, patient_id AS patientId, kind,
  subject_id AS subjectId, \`offset\`, start_at AS startAt, channel, due_at AS dueAt, status, reason, attempts,
  claimed_at AS claimedAt, sent_at AS sentAt, provider_id AS providerId, created_at AS createdAt, updated_at AS updatedAt`;

/** ER_LOCK_DEADLOCK and ER_LOCK_WAIT_TIMEOUT: the claim transaction is simply run again. */
const isRetryable = (err: unknown) => [1213, 1205].includes((err as { errno?: number }).errno ?? 0);

export function batchedStore(db: Database, pool: Pool): SendStore {
  const doctorNames = new WeakMap<Visit, string | null>();

  const rowsOfJobs = coalesce(async (jobs: JobKey[]) => {
    const ids = padded([...new Set(jobs.map((j) => j.appointmentId))].sort());
    const [rows] = (await pool.execute(
      `SELECT ${ROW_COLUMNS} FROM notification_log WHERE appointment_id IN (${ids.marks}) ORDER BY id`,
      ids.values,
    )) as unknown as [LogRow[]];
    return jobs.map((j) =>
      rows.filter(
        (r) =>
          r.appointmentId === j.appointmentId && r.kind === j.kind && r.offset === j.offset && r.startAt.getTime() === j.startAt.getTime(),
      ),
    );
  });

  const visits = coalesce(async (ids: string[]) => {
    const found = await visitsForNotification(pool, [...new Set(ids)]);
    return ids.map((id) => {
      const row = found.get(id);
      if (!row) return null;
      const { doctorFirstName, doctorLastName, ...visit } = row;
      doctorNames.set(
        visit,
        doctorFirstName === null ? null : doctorDisplayName({ firstName: doctorFirstName, lastName: doctorLastName ?? '' }),
      );
      return visit as Visit;
    });
  });

  const claims = coalesce(async (items: { rowId: string; leaseMs: number }[]) => {
    for (let attempt = 1; ; attempt++) {
      const conn = await pool.getConnection();
      try {
        const taken = await claimIn(conn, items);
        conn.release();
        return taken;
      } catch (err) {
        await conn.rollback().catch(() => {});
        conn.release();
        if (attempt >= 5 || !isRetryable(err)) throw err;
      }
    }
  });

  /** One transaction: lock the rows, keep those pending, mark them sending with one instant. */
  async function claimIn(conn: PoolConnection, items: { rowId: string; leaseMs: number }[]): Promise<(Date | null)[]> {
    const ids = padded([...new Set(items.map((i) => i.rowId))].sort());
    await conn.beginTransaction();
    const [locked] = (await conn.execute(
      `SELECT id, status, claimed_at AS claimedAt FROM notification_log WHERE id IN (${ids.marks}) FOR UPDATE`,
      ids.values,
    )) as unknown as [Pick<LogRow, 'id' | 'status' | 'claimedAt'>[]];
    const now = new Date();
    const byId = new Map(locked.map((r) => [r.id, r]));
    // The same row asked for twice in one batch (a job run twice at once): only the first call gets it.
    const granted = new Set<string>();
    const answers = items.map((item) => {
      const row = byId.get(item.rowId);
      if (!row || granted.has(item.rowId) || !isPending(row as LogRow, item.leaseMs, now)) return null;
      granted.add(item.rowId);
      return now;
    });
    if (granted.size) {
      const take = padded([...granted]);
      await conn.execute(
        `UPDATE notification_log SET status = 'sending', claimed_at = ?, attempts = attempts + 1, updated_at = ? WHERE id IN (${take.marks})`,
        [now, now, ...take.values],
      );
    }
    await conn.commit();
    return answers;
  }

  // Outcomes are fenced by the claim: a row is written only while it is `sending` under our instant.
  const sent = coalesce(async (items: { rowId: string; claimedAt: Date; providerId: string | null }[]) => {
    const now = new Date();
    const ids = padded(items.map((i) => i.rowId));
    const cases = padded(items);
    await pool.execute(
      `UPDATE notification_log SET status = 'sent', sent_at = ?, reason = NULL, updated_at = ?,
         provider_id = CASE id ${cases.values.map(() => 'WHEN ? THEN ?').join(' ')} END, claimed_at = NULL
       WHERE id IN (${ids.marks}) AND status = 'sending'
         AND claimed_at = CASE id ${cases.values.map(() => 'WHEN ? THEN ?').join(' ')} END`,
      [
        now,
        now,
        ...cases.values.flatMap((i) => [i.rowId, i.providerId]),
        ...ids.values,
        ...cases.values.flatMap((i) => [i.rowId, i.claimedAt]),
      ],
    );
    return items.map(() => undefined);
  });

  const failed = coalesce(async (items: { rowId: string; claimedAt: Date; reason: string; final: boolean }[]) => {
    const ids = padded(items.map((i) => i.rowId));
    const cases = padded(items);
    const when = cases.values.map(() => 'WHEN ? THEN ?').join(' ');
    await pool.execute(
      `UPDATE notification_log SET status = CASE id ${when} END, reason = CASE id ${when} END, updated_at = ?, claimed_at = NULL
       WHERE id IN (${ids.marks}) AND status = 'sending' AND claimed_at = CASE id ${when} END`,
      [
        ...cases.values.flatMap((i) => [i.rowId, i.final ? 'failed' : 'scheduled']),
        ...cases.values.flatMap((i) => [i.rowId, i.reason.slice(0, 200)]),
        new Date(),
        ...ids.values,
        ...cases.values.flatMap((i) => [i.rowId, i.claimedAt]),
      ],
    );
    return items.map(() => undefined);
  });

  // The admin's wordings of each (kind, channel) the batch needs; the preference is applied per message.
  const wordings = coalesce(async (keys: string[]) => {
    const found = new Map<string, { language: string; subject: string | null; body: string }[]>();
    for (const key of new Set(keys)) {
      const [kind = '', channel = ''] = key.split(' ');
      const [rows] = (await pool.execute('SELECT language, subject, body FROM notification_templates WHERE kind = ? AND channel = ?', [
        kind,
        channel,
      ])) as unknown as [{ language: string; subject: string | null; body: string }[]];
      found.set(key, rows);
    }
    return keys.map((k) => found.get(k) ?? []);
  });

  return {
    rowsOfJob: (job) => rowsOfJobs(job),
    loadVisit: (id) => visits(id),
    doctorNameOf: async (visit) => doctorNames.get(visit) ?? null,
    claim: (rowId, leaseMs) => claims({ rowId, leaseMs }),
    async statusOf(rowId) {
      const [rows] = (await pool.execute('SELECT status FROM notification_log WHERE id = ?', [rowId])) as unknown as [
        { status: NotificationStatus }[],
      ];
      return rows[0]?.status ?? null;
    },
    async findWording(kind, channel, to): Promise<Wording | null> {
      const rows = await wordings(`${TEMPLATE_KIND_OF[kind]} ${channel}`);
      for (const language of languagePreference(to.preferredLanguage, to.locationLanguage)) {
        const row = rows.find((r) => r.language.toLowerCase() === language.toLowerCase());
        if (row) return { subject: row.subject, body: row.body, language: row.language };
      }
      return null;
    },
    async markSent(rowId, claimedAt, providerId) {
      // As log.ts markSent: retried, since failing here must not look like a failed send.
      for (let attempt = 1; ; attempt++) {
        try {
          return await sent({ rowId, claimedAt, providerId });
        } catch (err) {
          if (attempt >= 5) throw err;
          await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        }
      }
    },
    markAttemptFailed: (rowId, claimedAt, reason, final) => failed({ rowId, claimedAt, reason, final }),
    skipPending: (rowIds, reason, leaseMs) => skipPending(db, rowIds, reason, leaseMs),
  };
}
