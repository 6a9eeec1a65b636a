// The patients table, owned here. Other modules (booking, the live views, messaging, the SMS
// webhook) read and change patients through these functions.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { patients } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';
import { notFound } from '../../errors.js';
import { activeAllergySubstances } from '../record/allergies-repository.js';

type Reader = Database | Tx;

/** 404 unless the patient exists. */
export async function assertPatientExists(db: Reader, patientId: string): Promise<void> {
  const [row] = await db.select({ id: patients.id }).from(patients).where(eq(patients.id, patientId));
  if (!row) throw notFound('Patient');
}

/**
 * Locks the patient's row until the transaction ends (404 if there is none). Booking takes it
 * right after the doctor's lock (doctors/repository.ts lockDoctor), always in that order — doctor,
 * then patient — so that two bookings of one patient with different doctors see each other's
 * visits when they count them (scheduling/visit-limits.ts). Take it before any plain read in the
 * transaction: InnoDB's snapshot starts at the first plain read, and one taken before the lock
 * would not see what the previous holder committed.
 */
export async function lockPatient(tx: Tx, patientId: string): Promise<void> {
  const [row] = await tx.select({ id: patients.id }).from(patients).where(eq(patients.id, patientId)).for('update');
  if (!row) throw notFound('Patient');
}

/** The patient's login and name (userId null: no portal account), or null when there is no such patient. */
export async function patientLogin(db: Reader, patientId: string) {
  const [row] = await db
    .select({ userId: patients.userId, firstName: patients.firstName, lastName: patients.lastName })
    .from(patients)
    .where(eq(patients.id, patientId));
  return row ?? null;
}

/** The current (not deleted) patients with this E.164 number: families share phones. */
export function patientsByPhone(db: Reader, phone: string) {
  return db
    .select({
      id: patients.id,
      userId: patients.userId,
      email: patients.email,
      firstName: patients.firstName,
      lastName: patients.lastName,
      notifySms: patients.notifySms,
    })
    .from(patients)
    .where(and(eq(patients.phone, phone), isNull(patients.deletedAt)));
}

export type PatientByPhone = Awaited<ReturnType<typeof patientsByPhone>>[number];

/** SMS notifications on or off for these patients (an SMS STOP or START). */
export async function setSmsNotifications(db: Reader, patientIds: string[], on: boolean): Promise<void> {
  if (!patientIds.length) return;
  await db.update(patients).set({ notifySms: on }).where(inArray(patients.id, patientIds));
}

/** What prescribing needs of a patient: the names and birth date printed on a script, and the recorded allergies. */
export async function patientForPrescribing(db: Reader, patientId: string) {
  const [row] = await db
    .select({
      firstName: patients.firstName,
      lastName: patients.lastName,
      dateOfBirth: patients.dateOfBirth,
      userId: patients.userId,
    })
    .from(patients)
    .where(eq(patients.id, patientId));
  if (!row) throw notFound('Patient');
  const allergies = await activeAllergySubstances(db, [patientId]);
  return { ...row, allergies: allergies.get(patientId) ?? [] };
}

/** First and last name of each patient, by id (feedback lists name the authors who signed). */
export async function patientNames(db: Reader, ids: readonly string[]): Promise<Map<string, { firstName: string; lastName: string }>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db
    .select({ id: patients.id, firstName: patients.firstName, lastName: patients.lastName })
    .from(patients)
    .where(inArray(patients.id, unique));
  return new Map(rows.map((r) => [r.id, { firstName: r.firstName, lastName: r.lastName }]));
}
