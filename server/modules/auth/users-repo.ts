// Reads of login accounts that authentication needs: by email, and the principal of a user
// (with the patient or doctor record a login belongs to).
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { doctors, patients, users } from '../../../db/schema/index.js';
import type { UserPrincipal } from './principal.js';

export async function findLoginByEmail(db: Database, email: string) {
  const [row] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, active: users.active })
    .from(users)
    .where(and(eq(users.email, email), isNull(users.deletedAt)))
    .limit(1);
  return row ?? null;
}

/** The principal of an active, not deleted user, or null. */
export async function loadPrincipal(db: Database, userId: string): Promise<UserPrincipal | null> {
  const [row] = await db
    .select({
      id: users.id,
      role: users.role,
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      patientId: patients.id,
      doctorId: doctors.id,
    })
    .from(users)
    .leftJoin(patients, eq(patients.userId, users.id))
    .leftJoin(doctors, eq(doctors.userId, users.id))
    .where(and(eq(users.id, userId), eq(users.active, true), isNull(users.deletedAt)))
    .limit(1);
  if (!row) return null;
  return {
    kind: 'user',
    userId: row.id,
    role: row.role,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    patientId: row.patientId,
    doctorId: row.doctorId,
  };
}
