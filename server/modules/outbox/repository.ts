// The outbox table, owned here. A module that changes something others must see appends a domain
// event inside the transaction that makes the change (appendEvent), so an event exists if and only
// if the change committed. Two consumers read it, each with its own mark: the live publisher
// (published_at, claimed under a lease so a crashed node's events are taken over) and the
// notification planner (notifications_planned_at). Consumers are idempotent on the event id.
import { and, asc, count, eq, inArray, isNull, lt, min, or } from 'drizzle-orm';
import { newId } from '../../../db/ids.js';
import { connectionOf, type Database, relayPool } from '../../../db/mysql.js';
import { outboxEvents } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';

export interface OutboxEvent {
  id: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: unknown;
  occurredAt: Date;
}

/** Appends one event inside the caller's transaction; returns its id (a ULID: ids sort by time). */
export async function appendEvent(
  tx: Tx,
  event: { type: string; aggregateType: string; aggregateId: string; payload: Record<string, unknown> },
): Promise<string> {
  const id = newId();
  await tx.insert(outboxEvents).values({ id, ...event, occurredAt: new Date() });
  return id;
}

/** appendEvent as one prepared statement, for a hot path (a booking) that builds no queries. */
export async function appendEventPrepared(
  tx: Tx,
  event: { type: string; aggregateType: string; aggregateId: string; payload: Record<string, unknown> },
): Promise<string> {
  const id = newId();
  await connectionOf(tx).execute(
    'insert into outbox_events (id, type, aggregate_type, aggregate_id, payload, occurred_at) values (?, ?, ?, ?, ?, ?)',
    [id, event.type, event.aggregateType, event.aggregateId, JSON.stringify(event.payload), new Date()],
  );
  return id;
}

// ── The live publisher's mark ───────────────────────────────────────────────────────────────
// On the relay's own small pool (db/mysql.ts relayPool), as prepared statements: under load the
// publisher handles an event per booking, and on the request pool it queued behind the requests.

/** Not yet published, and not claimed by anyone since the stale-claim time (the statement's parameter). */
const CLAIMABLE = 'published_at is null and (claimed_at is null or claimed_at < ?)';

/**
 * Events this process claimed in claimableEvents and has not handed to claimEvent yet. Ids are
 * ULIDs, unique across databases. One left here by a pass that failed half-way stays claimed in
 * the database until its lease goes stale, then is claimed again like any other.
 */
const preclaimed = new Set<string>();

/** JSON columns come back as text on MariaDB (an alias of LONGTEXT). */
const parsed = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

/**
 * The oldest events still to publish (unclaimed, or whose claim went stale), already claimed for
 * this process in one transaction (SKIP LOCKED: another node's concurrent pass takes the next ones),
 * so that claimEvent needs no round trip of its own: one commit per batch instead of one per event.
 */
export async function claimableEvents(
  db: Database,
  staleBefore: Date,
  limit: number,
): Promise<Pick<OutboxEvent, 'id' | 'type' | 'payload'>[]> {
  const pool = relayPool(db);
  if (!pool) return claimableEventsOn(db, staleBefore, limit);
  const conn = await pool.getConnection();
  try {
    await conn.query('begin');
    const [rows] = (await conn.execute(
      `select id, type, payload from outbox_events where ${CLAIMABLE} order by id limit ${Number(limit)} for update skip locked`,
      [staleBefore],
    )) as unknown as [{ id: string; type: string; payload: unknown }[]];
    if (rows.length) {
      await conn.query('update outbox_events set claimed_at = ? where id in (?)', [new Date(), rows.map((r) => r.id)]);
    }
    await conn.query('commit');
    for (const row of rows) preclaimed.add(row.id);
    return rows.map((r) => ({ id: r.id, type: r.type, payload: parsed(r.payload) }));
  } catch (err) {
    await conn.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    conn.release();
  }
}

/** Not yet published, and not claimed by anyone since `staleBefore` (for a `db` without a relay pool). */
const claimable = (staleBefore: Date) =>
  and(isNull(outboxEvents.publishedAt), or(isNull(outboxEvents.claimedAt), lt(outboxEvents.claimedAt, staleBefore)));

function claimableEventsOn(db: Database, staleBefore: Date, limit: number) {
  return db
    .select({ id: outboxEvents.id, type: outboxEvents.type, payload: outboxEvents.payload })
    .from(outboxEvents)
    .where(claimable(staleBefore))
    .orderBy(asc(outboxEvents.id))
    .limit(limit);
}

/** Claims one event for publishing; false when another node or pass has it. */
export async function claimEvent(db: Database, id: string, staleBefore: Date): Promise<boolean> {
  if (preclaimed.delete(id)) return true;
  const pool = relayPool(db);
  if (!pool) {
    const [result] = await db
      .update(outboxEvents)
      .set({ claimedAt: new Date() })
      .where(and(eq(outboxEvents.id, id), claimable(staleBefore)));
    return result.affectedRows === 1;
  }
  const [result] = (await pool.execute(`update outbox_events set claimed_at = ? where id = ? and ${CLAIMABLE}`, [
    new Date(),
    id,
    staleBefore,
  ])) as unknown as [{ affectedRows: number }];
  return result.affectedRows === 1;
}

export async function markPublished(db: Database, id: string): Promise<void> {
  const pool = relayPool(db);
  if (pool) await pool.execute('update outbox_events set published_at = ? where id = ?', [new Date(), id]);
  else await db.update(outboxEvents).set({ publishedAt: new Date() }).where(eq(outboxEvents.id, id));
}

/**
 * Marks events published in one statement: a pass's events that need nothing after their emit (a
 * booking's availability notice) are marked together, one commit instead of one per event (under
 * a burst of bookings the publisher fell thousands of events behind, a commit each). A node that
 * dies before the mark leaves them to be published again after the lease: consumers are idempotent
 * on the event id.
 */
export async function markPublishedMany(db: Database, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const pool = relayPool(db);
  if (pool) await pool.query('update outbox_events set published_at = ? where id in (?)', [new Date(), ids]);
  else await db.update(outboxEvents).set({ publishedAt: new Date() }).where(inArray(outboxEvents.id, ids));
}

/** Gives a claim back at once (the publish failed): the next pass takes the event again. */
export async function releaseClaim(db: Database, id: string): Promise<void> {
  preclaimed.delete(id);
  const pool = relayPool(db);
  if (pool) await pool.execute('update outbox_events set claimed_at = null where id = ?', [id]);
  else await db.update(outboxEvents).set({ claimedAt: null }).where(eq(outboxEvents.id, id));
}

// ── The notification planner's mark ─────────────────────────────────────────────────────────

/** The oldest events the planner has not handled yet. */
export function unplannedEvents(db: Database, limit: number): Promise<OutboxEvent[]> {
  return db
    .select({
      id: outboxEvents.id,
      type: outboxEvents.type,
      aggregateType: outboxEvents.aggregateType,
      aggregateId: outboxEvents.aggregateId,
      payload: outboxEvents.payload,
      occurredAt: outboxEvents.occurredAt,
    })
    .from(outboxEvents)
    .where(isNull(outboxEvents.notificationsPlannedAt))
    .orderBy(asc(outboxEvents.id))
    .limit(limit);
}

export async function markPlanned(db: Database, ids: string[], at: Date): Promise<void> {
  if (!ids.length) return;
  await db
    .update(outboxEvents)
    .set({ notificationsPlannedAt: at })
    .where(and(inArray(outboxEvents.id, ids), isNull(outboxEvents.notificationsPlannedAt)));
}

/** Events not yet published to sockets, and when the oldest of them happened (the relay's lag; ops-metrics). */
export async function unpublishedBacklog(db: Database): Promise<{ pending: number; oldest: Date | null }> {
  const [row] = await db
    .select({ oldest: min(outboxEvents.occurredAt), pending: count() })
    .from(outboxEvents)
    .where(isNull(outboxEvents.publishedAt));
  return { pending: row?.pending ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
}
