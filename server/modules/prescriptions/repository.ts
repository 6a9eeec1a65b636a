// The prescriptions tables, owned here: prescriptions, their items, the per-year number counter and
// refill requests. Every change runs inside the caller's transaction.
import { and, asc, count, desc, eq, gt, inArray, isNull, lt, ne, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import {
  type PrescriptionStatus,
  prescriptionCounters,
  prescriptionItems,
  prescriptions,
  refillRequests,
} from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';
import { notFound } from '../../errors.js';
import { appendEvent } from '../outbox/repository.js';
import { eventPayload } from './events.js';

type Reader = Database | Tx;
export type PrescriptionRow = typeof prescriptions.$inferSelect;
export type ItemRow = typeof prescriptionItems.$inferSelect;
export type NewItem = Omit<typeof prescriptionItems.$inferInsert, 'id' | 'prescriptionId' | 'position'>;
export type RefillRow = typeof refillRequests.$inferSelect;
export type StoredPrescription = PrescriptionRow & { items: ItemRow[] };

/** Statuses in which a signed script can still be dispensed. */
export const DISPENSABLE: PrescriptionStatus[] = ['active', 'partially_dispensed'];

/**
 * The next number of the year, gapless: the counter row stays locked until the caller's
 * transaction ends, so a rolled-back creation gives its number back and concurrent ones queue.
 * Take it as late as possible in the transaction: it serialises every prescription of the year.
 */
export async function nextPrescriptionNumber(tx: Tx, year: number): Promise<string> {
  await tx
    .insert(prescriptionCounters)
    .values({ year, lastNumber: 1 })
    .onDuplicateKeyUpdate({ set: { lastNumber: sql`${prescriptionCounters.lastNumber} + 1` } });
  const [row] = await tx
    .select({ n: prescriptionCounters.lastNumber })
    .from(prescriptionCounters)
    .where(eq(prescriptionCounters.year, year));
  return `RX-${year}-${String(row!.n).padStart(6, '0')}`;
}

export async function insertPrescription(tx: Tx, row: typeof prescriptions.$inferInsert & { id: string }, items: NewItem[]) {
  await tx.insert(prescriptions).values(row);
  await insertItems(tx, row.id, items);
}

async function insertItems(tx: Tx, prescriptionId: string, items: NewItem[]) {
  await tx.insert(prescriptionItems).values(items.map((item, position) => ({ ...item, prescriptionId, position })));
}

/** The rows with their items, in one query for all of them. */
async function withItems(db: Reader, rows: PrescriptionRow[]): Promise<StoredPrescription[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const items = await db
    .select()
    .from(prescriptionItems)
    .where(inArray(prescriptionItems.prescriptionId, ids))
    .orderBy(asc(prescriptionItems.position));
  return rows.map((r) => ({ ...r, items: items.filter((i) => i.prescriptionId === r.id) }));
}

/** The prescription with its items (404 when there is none); `forUpdate` locks the row. */
export async function loadPrescription(db: Reader, id: string, opts: { forUpdate?: boolean } = {}): Promise<StoredPrescription> {
  const query = db.select().from(prescriptions).where(eq(prescriptions.id, id));
  const [row] = opts.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Prescription');
  const items = await db
    .select()
    .from(prescriptionItems)
    .where(eq(prescriptionItems.prescriptionId, id))
    .orderBy(asc(prescriptionItems.position));
  return { ...row, items };
}

export async function findByNumber(db: Reader, number: string): Promise<StoredPrescription | null> {
  const [row] = await db.select({ id: prescriptions.id }).from(prescriptions).where(eq(prescriptions.number, number));
  return row ? loadPrescription(db, row.id) : null;
}

/** Replaces a draft's content if it is still the version the edit started from; false otherwise. */
export async function replaceDraft(
  tx: Tx,
  id: string,
  version: number,
  changes: Partial<typeof prescriptions.$inferInsert>,
  items: NewItem[],
): Promise<boolean> {
  const [result] = await tx
    .update(prescriptions)
    .set({ ...changes, version: version + 1 })
    .where(and(eq(prescriptions.id, id), eq(prescriptions.status, 'draft'), eq(prescriptions.version, version)));
  if (result.affectedRows !== 1) return false;
  await tx.delete(prescriptionItems).where(eq(prescriptionItems.prescriptionId, id));
  await insertItems(tx, id, items);
  return true;
}

/** Moves a prescription on from one of `from` (and from `version`, when given); false when it changed meanwhile. */
export async function updatePrescription(
  tx: Tx,
  id: string,
  from: PrescriptionStatus[],
  changes: Partial<typeof prescriptions.$inferInsert>,
  version?: number,
): Promise<boolean> {
  const [result] = await tx
    .update(prescriptions)
    .set({ ...changes, version: sql`${prescriptions.version} + 1` })
    .where(
      and(
        eq(prescriptions.id, id),
        inArray(prescriptions.status, from),
        version === undefined ? undefined : eq(prescriptions.version, version),
      ),
    );
  return result.affectedRows === 1;
}

export interface PrescriptionFilter {
  patientId?: string;
  doctorId?: string;
  appointmentId?: string;
  locationId?: string;
  /** Only these locations (a pharmacist's); an empty list finds nothing. */
  locationIds?: string[];
  status?: PrescriptionStatus;
  /** Leave out drafts (patients and pharmacists never see them). */
  signedOnly?: boolean;
  /** Drafts only of this doctor: other prescribers' drafts are nobody's business. */
  draftsOf?: string;
  limit: number;
}

export async function listPrescriptions(db: Reader, f: PrescriptionFilter): Promise<StoredPrescription[]> {
  const where: SQL[] = [];
  if (f.patientId) where.push(eq(prescriptions.patientId, f.patientId));
  if (f.doctorId) where.push(eq(prescriptions.doctorId, f.doctorId));
  if (f.appointmentId) where.push(eq(prescriptions.appointmentId, f.appointmentId));
  if (f.locationId) where.push(eq(prescriptions.locationId, f.locationId));
  if (f.locationIds) {
    if (!f.locationIds.length) return [];
    where.push(inArray(prescriptions.locationId, f.locationIds));
  }
  if (f.status) where.push(eq(prescriptions.status, f.status));
  if (f.signedOnly) where.push(ne(prescriptions.status, 'draft'));
  if (f.draftsOf) where.push(sql`(${prescriptions.status} <> 'draft' or ${prescriptions.doctorId} = ${f.draftsOf})`);
  const rows = await db
    .select()
    .from(prescriptions)
    .where(and(...where))
    .orderBy(desc(prescriptions.createdAt), desc(prescriptions.id))
    .limit(f.limit);
  return withItems(db, rows);
}

/** The patient's other signed, still dispensable prescriptions that contain one of these generics. */
export function activeWithGenerics(db: Reader, patientId: string, genericNames: string[], excludeId: string) {
  if (!genericNames.length) return Promise.resolve([]);
  return db
    .selectDistinct({ id: prescriptions.id, number: prescriptions.number, genericName: prescriptionItems.genericName })
    .from(prescriptions)
    .innerJoin(prescriptionItems, eq(prescriptionItems.prescriptionId, prescriptions.id))
    .where(
      and(
        eq(prescriptions.patientId, patientId),
        inArray(prescriptions.status, DISPENSABLE),
        ne(prescriptions.id, excludeId),
        inArray(prescriptionItems.genericName, genericNames),
      ),
    );
}

/**
 * Active prescriptions whose validity ended before `now` become expired, each with its
 * `prescription.expired` outbox event in the same transaction (the pharmacy queue drops it live);
 * returns them (at most 1,000 a call: call again until none).
 */
export async function expireDue(db: Database, now: Date): Promise<PrescriptionRow[]> {
  const due = await db
    .select()
    .from(prescriptions)
    .where(and(inArray(prescriptions.status, DISPENSABLE), lt(prescriptions.validUntil, now)))
    .limit(1_000);
  const expired: PrescriptionRow[] = [];
  for (const row of due) {
    const done = await db.transaction(async (tx) => {
      const [result] = await tx
        .update(prescriptions)
        .set({ status: 'expired', version: sql`${prescriptions.version} + 1` })
        .where(and(eq(prescriptions.id, row.id), inArray(prescriptions.status, DISPENSABLE), lt(prescriptions.validUntil, now)));
      if (result.affectedRows !== 1) return false;
      await appendEvent(tx, {
        type: 'prescription.expired',
        aggregateType: 'prescription',
        aggregateId: row.id,
        payload: { ...eventPayload({ ...row, items: [] }) },
      });
      return true;
    });
    if (done) expired.push(row);
  }
  return expired;
}

// ── Refill requests ─────────────────────────────────────────────────────────────────────────

export async function insertRefillRequest(tx: Tx, row: typeof refillRequests.$inferInsert & { id: string }): Promise<void> {
  await tx.insert(refillRequests).values(row);
}

export async function loadRefillRequest(db: Reader, id: string, opts: { forUpdate?: boolean } = {}): Promise<RefillRow> {
  const query = db.select().from(refillRequests).where(eq(refillRequests.id, id));
  const [row] = opts.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Refill request');
  return row;
}

export async function decideRefillRequest(tx: Tx, id: string, changes: Partial<typeof refillRequests.$inferInsert>): Promise<boolean> {
  const [result] = await tx
    .update(refillRequests)
    .set(changes)
    .where(and(eq(refillRequests.id, id), eq(refillRequests.status, 'pending')));
  return result.affectedRows === 1;
}

/**
 * One more fill, only while the prescription is signed, not cancelled and still valid; false otherwise.
 * A fully dispensed script becomes dispensable again, and its items start the new fill at zero.
 */
export async function addFill(tx: Tx, prescriptionId: string, now: Date): Promise<boolean> {
  const [before] = await tx
    .select({ status: prescriptions.status })
    .from(prescriptions)
    .where(eq(prescriptions.id, prescriptionId))
    .for('update');
  const [result] = await tx
    .update(prescriptions)
    .set({
      fillsRemaining: sql`${prescriptions.fillsRemaining} + 1`,
      // A fully dispensed script with a new fill is dispensable again.
      status: sql`case when ${prescriptions.status} = 'dispensed' then 'active' else ${prescriptions.status} end`,
      version: sql`${prescriptions.version} + 1`,
    })
    .where(
      and(
        eq(prescriptions.id, prescriptionId),
        inArray(prescriptions.status, ['active', 'partially_dispensed', 'dispensed']),
        gt(prescriptions.validUntil, now),
      ),
    );
  if (result.affectedRows !== 1) return false;
  if (before?.status === 'dispensed') await resetFill(tx, prescriptionId);
  return true;
}

export function listRefillRequests(
  db: Reader,
  f: { doctorId?: string; patientId?: string; prescriptionId?: string; status?: RefillRow['status'] },
) {
  const where: SQL[] = [];
  if (f.doctorId) where.push(eq(refillRequests.doctorId, f.doctorId));
  if (f.patientId) where.push(eq(refillRequests.patientId, f.patientId));
  if (f.prescriptionId) where.push(eq(refillRequests.prescriptionId, f.prescriptionId));
  if (f.status) where.push(eq(refillRequests.status, f.status));
  return db
    .select({ request: refillRequests, number: prescriptions.number })
    .from(refillRequests)
    .innerJoin(prescriptions, eq(prescriptions.id, refillRequests.prescriptionId))
    .where(and(...where))
    .orderBy(desc(refillRequests.createdAt))
    .limit(200);
}

// ── Dispensing (the pharmacy module calls these inside its dispense, hold and close transactions) ──

/**
 * The signed prescriptions of a location still to dispense (on hold ones too), oldest signed first;
 * not those past validUntil that the expiry job has not marked yet (they can no longer be dispensed).
 */
export async function dispensableAt(db: Reader, locationId: string, now = new Date(), limit = 500): Promise<StoredPrescription[]> {
  const rows = await db
    .select()
    .from(prescriptions)
    .where(and(eq(prescriptions.locationId, locationId), inArray(prescriptions.status, DISPENSABLE), gt(prescriptions.validUntil, now)))
    .orderBy(asc(prescriptions.signedAt), asc(prescriptions.id))
    .limit(limit);
  return withItems(db, rows);
}

/** How many prescriptions dispensableAt() would list without a limit. */
export async function countDispensableAt(db: Reader, locationId: string, now = new Date()): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(prescriptions)
    .where(and(eq(prescriptions.locationId, locationId), inArray(prescriptions.status, DISPENSABLE), gt(prescriptions.validUntil, now)));
  return row?.n ?? 0;
}

/** Adds units handed out to one item of the current fill. */
export async function addDispensed(tx: Tx, itemId: string, quantity: number): Promise<void> {
  await tx
    .update(prescriptionItems)
    .set({ dispensedQuantity: sql`${prescriptionItems.dispensedQuantity} + ${quantity}` })
    .where(eq(prescriptionItems.id, itemId));
}

/** A new fill starts: nothing of it has been handed out yet. */
export async function resetFill(tx: Tx, prescriptionId: string): Promise<void> {
  await tx.update(prescriptionItems).set({ dispensedQuantity: 0 }).where(eq(prescriptionItems.prescriptionId, prescriptionId));
}

/** Sets (or clears, with null) the pharmacy's hold on a dispensable prescription; false when it is not dispensable. */
export async function setHold(tx: Tx, prescriptionId: string, reason: string | null): Promise<boolean> {
  const [result] = await tx
    .update(prescriptions)
    .set({ holdReason: reason, version: sql`${prescriptions.version} + 1` })
    .where(
      and(
        eq(prescriptions.id, prescriptionId),
        inArray(prescriptions.status, DISPENSABLE),
        reason === null ? undefined : isNull(prescriptions.holdReason),
      ),
    );
  return result.affectedRows === 1;
}
