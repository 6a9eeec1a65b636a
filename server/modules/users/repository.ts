// The users table (every login: staff, doctors, patients), owned here. Authentication reads
// logins through it; patients and doctors create their logins through insertLogin, inside their
// own transactions. loadPrincipal joins the patients and doctors tables, read-only and in the same
// query, because it runs on every sign-in and refresh: a principal carries the record its login
// belongs to.
import { and, asc, count, eq, gte, inArray, isNull, notInArray } from 'drizzle-orm';
import { isDuplicateKey } from '../../../db/errors.js';
import type { Database } from '../../../db/mysql.js';
import { doctors, type LoginRole, patients, userLocations, users } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';
import { AppError, badRequest, ErrorCode } from '../../errors.js';
import { hashPassword } from '../auth/passwords.js';
import type { UserPrincipal } from '../auth/principal.js';

type Reader = Database | Tx;
export type UserRow = typeof users.$inferSelect;

export interface NewLogin {
  email: string;
  password: string | null;
  role: LoginRole;
  firstName: string;
  lastName: string;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const emailTaken = () => new AppError(409, ErrorCode.EMAIL_TAKEN, 'A login with this email already exists');

/** Inserts a login row inside the caller's transaction; 409 EMAIL_TAKEN if the email is in use. */
export async function insertLogin(tx: Reader, login: NewLogin): Promise<string> {
  const passwordHash = login.password === null ? null : await hashPassword(login.password);
  const values = {
    email: normaliseEmail(login.email),
    role: login.role,
    passwordHash,
    firstName: login.firstName.trim(),
    lastName: login.lastName.trim(),
  };
  if (!values.firstName || !values.lastName) throw badRequest('firstName and lastName must not be blank');
  try {
    const [row] = await tx.insert(users).values(values).$returningId();
    if (!row) throw new Error('insert returned no id');
    return row.id;
  } catch (err) {
    if (isDuplicateKey(err, 'users_active_email_unique')) throw emailTaken();
    throw err;
  }
}

/** Renames a login inside the caller's transaction (a doctor's profile keeps its login's name in step). */
export async function renameLogin(tx: Reader, userId: string, names: { firstName?: string; lastName?: string }): Promise<void> {
  const set = { firstName: names.firstName?.trim(), lastName: names.lastName?.trim() };
  if (set.firstName === '' || set.lastName === '') throw badRequest('firstName and lastName must not be blank');
  if (set.firstName === undefined && set.lastName === undefined) return;
  await tx.update(users).set(set).where(eq(users.id, userId));
}

export function publicUser(row: UserRow) {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    firstName: row.firstName,
    lastName: row.lastName,
    active: row.active,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A login as the API shows it (deleted ones too), or null. */
export async function findUser(db: Reader, id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ? publicUser(row) : null;
}

/** A login that is not deleted, or null. */
export async function findCurrentUser(db: Reader, id: string): Promise<UserRow | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id), isNull(users.deletedAt)));
  return row ?? null;
}

export async function listUsers(db: Reader, filter: { role?: LoginRole; locationId?: string; limit: number; offset: number }) {
  const atLocation = filter.locationId
    ? db.select({ id: userLocations.userId }).from(userLocations).where(eq(userLocations.locationId, filter.locationId))
    : null;
  const where = and(
    isNull(users.deletedAt),
    filter.role ? eq(users.role, filter.role) : undefined,
    atLocation ? inArray(users.id, atLocation) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db.select().from(users).where(where).orderBy(asc(users.email)).limit(filter.limit).offset(filter.offset),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Changes a login's active flag or names; false when there is no such login (or it is deleted). */
export async function updateLogin(
  db: Reader,
  id: string,
  changes: { active?: boolean; firstName?: string; lastName?: string; passwordHash?: string },
): Promise<boolean> {
  const [result] = await db
    .update(users)
    .set(changes)
    .where(and(eq(users.id, id), isNull(users.deletedAt)));
  return result.affectedRows === 1;
}

/** Soft delete: the row stays for history and the email is free again. False when there was no such login. */
export async function markDeleted(db: Reader, id: string): Promise<boolean> {
  const [result] = await db
    .update(users)
    .set({ active: false, deletedAt: new Date() })
    .where(and(eq(users.id, id), isNull(users.deletedAt)));
  return result.affectedRows === 1;
}

/** Logins deactivated from `since` on, with when: their access tokens are refused (auth/revocations.ts). */
export function deactivatedSince(db: Reader, since: Date): Promise<{ id: string; at: Date | null }[]> {
  return db.select({ id: users.id, at: users.deletedAt }).from(users).where(gte(users.deletedAt, since));
}

export async function findLoginByEmail(db: Reader, email: string) {
  const [row] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, active: users.active })
    .from(users)
    .where(and(eq(users.email, email), isNull(users.deletedAt)))
    .limit(1);
  return row ?? null;
}

export async function markLoggedIn(db: Reader, userId: string, at = new Date()): Promise<void> {
  await db.update(users).set({ lastLoginAt: at }).where(eq(users.id, userId));
}

/** The principal of an active, not deleted user, or null. */
export async function loadPrincipal(db: Reader, userId: string): Promise<UserPrincipal | null> {
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

// ── The locations a staff login works at (pharmacists) ─────────────────────────────────────

export async function setUserLocations(tx: Reader, userId: string, locationIds: string[]): Promise<void> {
  const wanted = [...new Set(locationIds)];
  // Memberships that stay keep their row (and so the day they began); only the others change.
  await tx
    .delete(userLocations)
    .where(and(eq(userLocations.userId, userId), wanted.length ? notInArray(userLocations.locationId, wanted) : undefined));
  if (wanted.length)
    await tx
      .insert(userLocations)
      .ignore()
      .values(wanted.map((locationId) => ({ userId, locationId })));
}

/** The locations this login works at (none: none). */
export async function locationsOfUser(db: Reader, userId: string): Promise<string[]> {
  const rows = await db.select({ locationId: userLocations.locationId }).from(userLocations).where(eq(userLocations.userId, userId));
  return rows.map((r) => r.locationId);
}

/** Each login's locations, by login id (none: an empty list). */
export async function locationsOfUsers(db: Reader, userIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(userIds.map((id) => [id, []]));
  if (!userIds.length) return out;
  const rows = await db
    .select({ userId: userLocations.userId, locationId: userLocations.locationId })
    .from(userLocations)
    .where(inArray(userLocations.userId, [...new Set(userIds)]));
  for (const r of rows) out.get(r.userId)?.push(r.locationId);
  return out;
}

/** Who works at a location (its memberships), by name: the login, its role, whether it may sign in, since when. */
export async function membershipsAt(db: Reader, locationId: string) {
  const rows = await db
    .select({
      userId: users.id,
      firstName: users.firstName,
      lastName: users.lastName,
      email: users.email,
      role: users.role,
      active: users.active,
      joinedAt: userLocations.joinedAt,
    })
    .from(userLocations)
    .innerJoin(users, eq(users.id, userLocations.userId))
    .where(and(eq(userLocations.locationId, locationId), isNull(users.deletedAt)))
    .orderBy(asc(users.lastName), asc(users.firstName));
  return rows.map((r) => ({ ...r, joinedAt: r.joinedAt.toISOString() }));
}

/** The logins of a role tied to a location (the pharmacists to alert about its stock). */
export async function usersAtLocation(db: Reader, locationId: string, role: LoginRole): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userLocations, eq(userLocations.userId, users.id))
    .where(and(eq(userLocations.locationId, locationId), eq(users.role, role), eq(users.active, true), isNull(users.deletedAt)));
  return rows.map((r) => r.id);
}

/** "First Last" of each login (deleted ones too: who recorded an entry stays known), by id. */
export async function userNames(db: Reader, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName })
    .from(users)
    .where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, `${r.firstName} ${r.lastName}`]));
}
