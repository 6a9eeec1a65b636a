// The outbox table, owned here. A module that changes something others must see appends a domain
// event inside the transaction that makes the change (appendEvent), so an event exists if and only
// if the change committed. Two consumers read it, each with its own mark: the live publisher
// (published_at, claimed under a lease so a crashed node's events are taken over) and the
// notification planner (notifications_planned_at). Consumers are idempotent on the event id.
import { and, asc, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import { newId } from '../../../db/ids.js';
import { connectionOf, type Database, relayDatabase } from '../../../db/mysql.js';
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
// These run on the relay's own small pool (db/mysql.ts relayDatabase), not the request pool.

/** Not yet published, and not claimed by anyone since `staleBefore`. */
const claimable = (staleBefore: Date) =>
  and(isNull(outboxEvents.publishedAt), or(isNull(outboxEvents.claimedAt), lt(outboxEvents.claimedAt, staleBefore)));

/** The oldest events still to publish (unclaimed, or whose claim went stale). */
export function claimableEvents(db: Database, staleBefore: Date, limit: number): Promise<Pick<OutboxEvent, 'id' | 'type' | 'payload'>[]> {
  return relayDatabase(db)
    .select({ id: outboxEvents.id, type: outboxEvents.type, payload: outboxEvents.payload })
    .from(outboxEvents)
    .where(claimable(staleBefore))
    .orderBy(asc(outboxEvents.id))
    .limit(limit);
}

/** Claims one event for publishing; false when another node or pass has it. */
export async function claimEvent(db: Database, id: string, staleBefore: Date): Promise<boolean> {
  const [result] = await relayDatabase(db)
    .update(outboxEvents)
    .set({ claimedAt: new Date() })
    .where(and(eq(outboxEvents.id, id), claimable(staleBefore)));
  return result.affectedRows === 1;
}

export async function markPublished(db: Database, id: string): Promise<void> {
  await relayDatabase(db).update(outboxEvents).set({ publishedAt: new Date() }).where(eq(outboxEvents.id, id));
}

/** Gives a claim back at once (the publish failed): the next pass takes the event again. */
export async function releaseClaim(db: Database, id: string): Promise<void> {
  await relayDatabase(db).update(outboxEvents).set({ claimedAt: null }).where(eq(outboxEvents.id, id));
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
