// The Stripe events kept for a person (GET /api/payments/stripe/events): money that came in or
// went out without a match in the hub's books. An admin settles each by hand (in Stripe or at the
// desk) and marks it reviewed with a note; the event and the hub's own note stay as they were.
import { and, desc, eq, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { type StripeEventOutcome, stripeEvents } from '../../../db/schema/index.js';
import { AppError, ErrorCode, notFound } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';

type EventRow = typeof stripeEvents.$inferSelect;

export function presentStripeEvent(e: EventRow) {
  return {
    id: e.id,
    type: e.type,
    objectId: e.objectId,
    invoiceId: e.invoiceId,
    amountMinor: e.amountMinor,
    currency: e.currency,
    outcome: e.outcome,
    note: e.note,
    occurredAt: e.occurredAt.toISOString(),
    receivedAt: e.receivedAt.toISOString(),
    reviewedBy: e.reviewedBy,
    reviewedAt: e.reviewedAt?.toISOString() ?? null,
  };
}

export async function listStripeEvents(db: Database, query: { outcome?: StripeEventOutcome; reviewed?: boolean; limit?: number }) {
  const where: SQL[] = [eq(stripeEvents.outcome, query.outcome ?? 'needs_review')];
  if (query.reviewed === true) where.push(isNotNull(stripeEvents.reviewedAt));
  if (query.reviewed === false) where.push(isNull(stripeEvents.reviewedAt));
  const rows = await db
    .select()
    .from(stripeEvents)
    .where(and(...where))
    .orderBy(desc(stripeEvents.receivedAt), desc(stripeEvents.id))
    .limit(query.limit ?? 50);
  return { events: rows.map(presentStripeEvent) };
}

export async function readStripeEvent(db: Database, id: string) {
  const [row] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, id));
  if (!row) throw notFound('Stripe event');
  return presentStripeEvent(row);
}

/** Marks an event needing review as reviewed (once); the reviewer's note is added to the hub's. */
export async function reviewStripeEvent(db: Database, actor: UserPrincipal, id: string, reviewNote: string | undefined, now = new Date()) {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(stripeEvents).where(eq(stripeEvents.id, id)).for('update');
    if (!row) throw notFound('Stripe event');
    if (row.outcome !== 'needs_review') throw new AppError(409, ErrorCode.CONFLICT, 'Only events needing review are reviewed');
    if (row.reviewedAt) throw new AppError(409, ErrorCode.CONFLICT, 'This event was reviewed already');
    const note = reviewNote?.trim() ? `${row.note ?? ''} | Review: ${reviewNote.trim()}`.slice(0, 300) : row.note;
    await tx.update(stripeEvents).set({ reviewedAt: now, reviewedBy: actor.userId, note }).where(eq(stripeEvents.id, id));
    return presentStripeEvent({ ...row, note, reviewedAt: now, reviewedBy: actor.userId });
  });
}
