// The structured allergies as other modules need them: the substances a patient is recorded as
// allergic to (for the patient record's `allergies` list and the prescribing and dispensing checks),
// and the entries registration writes. The record module owns the table (db/schema/record.ts).
import { and, asc, eq, inArray } from 'drizzle-orm';
import { patientAllergies } from '../../../db/schema/index.js';
import type { Reader } from '../../../db/transactions.js';

/** Each patient's active allergy substances, in the order they were recorded. */
export async function activeAllergySubstances(db: Reader, patientIds: readonly string[]): Promise<Map<string, string[]>> {
  const byPatient = new Map<string, string[]>(patientIds.map((id) => [id, []]));
  if (!patientIds.length) return byPatient;
  const rows = await db
    .select({ patientId: patientAllergies.patientId, substance: patientAllergies.substance })
    .from(patientAllergies)
    .where(and(inArray(patientAllergies.patientId, [...patientIds]), eq(patientAllergies.status, 'active')))
    .orderBy(asc(patientAllergies.recordedAt), asc(patientAllergies.id));
  for (const row of rows) byPatient.get(row.patientId)?.push(row.substance);
  return byPatient;
}

/** Allergies given as plain names at registration (POST /api/patients `allergies`): severity not known. */
export async function insertAllergyNames(db: Reader, patientId: string, names: readonly string[], recordedBy: string | null) {
  const now = new Date();
  const rows = names.map((n) => n.trim()).filter(Boolean);
  if (!rows.length) return;
  await db
    .insert(patientAllergies)
    .values(rows.map((substance) => ({ patientId, substance, severity: 'unknown' as const, recordedBy, recordedAt: now })));
}
