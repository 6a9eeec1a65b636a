// Who a patient is, for the desk: the birth-date rule, the name keys that search and the duplicate
// check compare, and the 409 DUPLICATE_PATIENT a second registration of the same person gets.
//
// Names are compared without spaces or punctuation ("O'Brien" = "O Brien" = "obrien"); case and
// accents are left to the database's collation (utf8mb4_unicode_520_ci, set by db/migrate-mysql.ts),
// which is what the stored keys (first_name_key, last_name_key, identity_key: db/schema/people.ts)
// are compared under. The unique index on identity_key is the guarantee that two desks registering
// the same person at the same moment cannot both succeed; the read below only finds what to show.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { patients } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';
import { AppError, ErrorCode, invalidField } from '../../errors.js';

/** The earliest birth date accepted: anything older is a typing mistake (1850 for 1950). */
export const EARLIEST_BIRTH_DATE = '1900-01-01';

/** The latest calendar date anywhere on Earth now (UTC+14), so a newborn is never "in the future". */
function latestDateOnEarth(now: Date): string {
  return new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
}

/** A birth date must be a real calendar day, not after today (anywhere) and not before 1900. */
export function checkBirthDate(value: string, now = new Date()): void {
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw invalidField('dateOfBirth', 'That date of birth is not a real calendar date.');
  }
  if (value > latestDateOnEarth(now)) throw invalidField('dateOfBirth', 'A date of birth cannot be in the future.');
  if (value < EARLIEST_BIRTH_DATE) {
    throw invalidField('dateOfBirth', 'A date of birth cannot be before 1900. Please check the year.');
  }
}

/**
 * A name or a search query as the stored keys hold names: letters and digits only. The database's
 * collation then ignores case and accents; folding them here too keeps the key the same on a
 * database whose collation does not.
 */
export function nameKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .toLowerCase();
}

/** "+12125550111" → "•••••••0111": enough for the desk to recognise a family's number, not to read it out. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length <= 4 ? '••••' : `${'•'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}

/** At most this many possible matches are named in a 409. */
const MAX_MATCHES = 5;

/** The current patients with these names (as keys) and this birth date, oldest first. */
export async function identityMatches(db: Database | Tx, person: { firstName: string; lastName: string; dateOfBirth: string }) {
  const rows = await db
    .select({
      id: patients.id,
      userId: patients.userId,
      firstName: patients.firstName,
      lastName: patients.lastName,
      dateOfBirth: patients.dateOfBirth,
      phone: patients.phone,
    })
    .from(patients)
    .where(
      and(
        eq(patients.lastNameKey, nameKey(person.lastName)),
        eq(patients.firstNameKey, nameKey(person.firstName)),
        eq(patients.dateOfBirth, person.dateOfBirth),
        isNull(patients.deletedAt),
      ),
    )
    .orderBy(asc(patients.createdAt), asc(patients.id))
    .limit(MAX_MATCHES);
  return rows.map((r) => ({
    id: r.id,
    firstName: r.firstName,
    lastName: r.lastName,
    dateOfBirth: r.dateOfBirth,
    maskedPhone: maskPhone(r.phone),
    hasLogin: r.userId !== null,
  }));
}

export type IdentityMatch = Awaited<ReturnType<typeof identityMatches>>[number];

/**
 * 409 DUPLICATE_PATIENT naming the records the person may already have. `matches` is a field of the
 * body like every error's extras, and also under `details` as API.md writes it (details.matches).
 */
export function duplicatePatient(matches: IdentityMatch[]): AppError {
  return new AppError(
    409,
    ErrorCode.DUPLICATE_PATIENT,
    'A patient with these names and this birth date is already registered; send allowDuplicate: true to register another',
    { matches },
  );
}
