// The medication catalogue, owned here. Prescribing reads entries through these functions.
import { and, asc, eq, inArray, like, or, type SQL } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { medications } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';

type Reader = Database | Tx;
export type MedicationRow = typeof medications.$inferSelect;

/** LIKE pattern of text taken literally (a user's "%" or "_" matches itself). */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Entries whose name or generic name has a word starting with each typed word ("amox 500" finds
 * "Amoxicillin 500 mg"; strength words match the strength). Sorted by name, active entries only.
 */
export function searchMedications(db: Reader, query: string, limit: number): Promise<MedicationRow[]> {
  const words = query.trim().split(/\s+/).filter(Boolean).slice(0, 5);
  const conditions: SQL[] = [eq(medications.active, true)];
  for (const word of words) {
    const start = `${literal(word)}%`;
    const inner = `% ${literal(word)}%`;
    conditions.push(
      or(
        like(medications.name, start),
        like(medications.name, inner),
        like(medications.genericName, start),
        like(medications.genericName, inner),
        like(medications.strength, start),
      ) as SQL,
    );
  }
  return db
    .select()
    .from(medications)
    .where(and(...conditions))
    .orderBy(asc(medications.name), asc(medications.form), asc(medications.strength))
    .limit(limit);
}

/** The active entries among these ids (an inactive or unknown id is simply not returned). */
export function activeMedications(db: Reader, ids: string[]): Promise<MedicationRow[]> {
  if (!ids.length) return Promise.resolve([]);
  return db
    .select()
    .from(medications)
    .where(and(inArray(medications.id, ids), eq(medications.active, true)));
}

/** Entries by id, active or not (a signed script may name one withdrawn since). */
export function medicationsByIds(db: Reader, ids: string[]): Promise<MedicationRow[]> {
  if (!ids.length) return Promise.resolve([]);
  return db.select().from(medications).where(inArray(medications.id, ids));
}

/** Every entry of one generic, active or not. */
export function medicationsByGeneric(db: Reader, genericName: string): Promise<MedicationRow[]> {
  return db.select().from(medications).where(eq(medications.genericName, genericName));
}

export async function insertMedication(db: Reader, values: typeof medications.$inferInsert): Promise<MedicationRow> {
  const [inserted] = await db.insert(medications).values(values).$returningId();
  const [row] = await db.select().from(medications).where(eq(medications.id, inserted!.id));
  return row!;
}
