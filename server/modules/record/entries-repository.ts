// The record's entries (allergies, conditions, medications taken elsewhere, history) in MySQL: the
// chart's lists (entries marked entered_in_error left out) and single rows for changes. Tables are
// this module's (db/schema/record.ts); who may read or write is decided in service.ts.
import { and, asc, eq, ne } from 'drizzle-orm';
import { newId } from '../../../db/ids.js';
import { patientAllergies, patientConditions, patientHistory, patientMedications } from '../../../db/schema/index.js';
import type { Reader } from '../../../db/transactions.js';

export type AllergyRow = typeof patientAllergies.$inferSelect;
export type ConditionRow = typeof patientConditions.$inferSelect;
export type MedicationRow = typeof patientMedications.$inferSelect;
export type HistoryRow = typeof patientHistory.$inferSelect;

type New<T extends { id: string; createdAt: Date; updatedAt: Date }> = Omit<T, 'id' | 'createdAt' | 'updatedAt'>;

// ── Lists for the chart ───────────────────────────────────────────────────────────────────────

export function allergiesOf(db: Reader, patientId: string): Promise<AllergyRow[]> {
  return db
    .select()
    .from(patientAllergies)
    .where(and(eq(patientAllergies.patientId, patientId), ne(patientAllergies.status, 'entered_in_error')))
    .orderBy(asc(patientAllergies.recordedAt), asc(patientAllergies.id));
}

export function conditionsOf(db: Reader, patientId: string): Promise<ConditionRow[]> {
  return db
    .select()
    .from(patientConditions)
    .where(and(eq(patientConditions.patientId, patientId), ne(patientConditions.status, 'entered_in_error')))
    .orderBy(asc(patientConditions.recordedAt), asc(patientConditions.id));
}

export function medicationsOf(db: Reader, patientId: string): Promise<MedicationRow[]> {
  return db
    .select()
    .from(patientMedications)
    .where(and(eq(patientMedications.patientId, patientId), ne(patientMedications.status, 'entered_in_error')))
    .orderBy(asc(patientMedications.recordedAt), asc(patientMedications.id));
}

export function historyOf(db: Reader, patientId: string): Promise<HistoryRow[]> {
  return db
    .select()
    .from(patientHistory)
    .where(and(eq(patientHistory.patientId, patientId), ne(patientHistory.status, 'entered_in_error')))
    .orderBy(asc(patientHistory.recordedAt), asc(patientHistory.id));
}

// ── One entry ─────────────────────────────────────────────────────────────────────────────────

export async function insertAllergy(db: Reader, row: New<AllergyRow>): Promise<string> {
  const id = newId();
  await db.insert(patientAllergies).values({ id, ...row });
  return id;
}
export async function insertCondition(db: Reader, row: New<ConditionRow>): Promise<string> {
  const id = newId();
  await db.insert(patientConditions).values({ id, ...row });
  return id;
}
export async function insertMedication(db: Reader, row: New<MedicationRow>): Promise<string> {
  const id = newId();
  await db.insert(patientMedications).values({ id, ...row });
  return id;
}
export async function insertHistory(db: Reader, row: New<HistoryRow>): Promise<string> {
  const id = newId();
  await db.insert(patientHistory).values({ id, ...row });
  return id;
}

export async function findAllergy(db: Reader, id: string): Promise<AllergyRow | null> {
  const [row] = await db.select().from(patientAllergies).where(eq(patientAllergies.id, id));
  return row ?? null;
}
export async function findCondition(db: Reader, id: string): Promise<ConditionRow | null> {
  const [row] = await db.select().from(patientConditions).where(eq(patientConditions.id, id));
  return row ?? null;
}
export async function findMedication(db: Reader, id: string): Promise<MedicationRow | null> {
  const [row] = await db.select().from(patientMedications).where(eq(patientMedications.id, id));
  return row ?? null;
}
export async function findHistory(db: Reader, id: string): Promise<HistoryRow | null> {
  const [row] = await db.select().from(patientHistory).where(eq(patientHistory.id, id));
  return row ?? null;
}

export async function updateAllergy(db: Reader, id: string, set: Partial<New<AllergyRow>>): Promise<void> {
  await db.update(patientAllergies).set(set).where(eq(patientAllergies.id, id));
}
export async function updateCondition(db: Reader, id: string, set: Partial<New<ConditionRow>>): Promise<void> {
  await db.update(patientConditions).set(set).where(eq(patientConditions.id, id));
}
export async function updateMedication(db: Reader, id: string, set: Partial<New<MedicationRow>>): Promise<void> {
  await db.update(patientMedications).set(set).where(eq(patientMedications.id, id));
}
export async function updateHistory(db: Reader, id: string, set: Partial<New<HistoryRow>>): Promise<void> {
  await db.update(patientHistory).set(set).where(eq(patientHistory.id, id));
}
