// Doctors: each is a login (role doctor) plus a doctor record with its specialties (the first is the
// main one) and a home room. Deactivating a doctor (active false) takes them off the lists and out of
// booking; nothing of their past (visits, records, today's queue) changes.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { isDuplicateKey } from '../../../db/errors.js';
import type { Database } from '../../../db/mysql.js';
import { doctorSpecialties, doctors, specialties } from '../../../db/schema/index.js';
import { type Tx, transactionWithRetry } from '../../../db/transactions.js';
import { AppError, badRequest, ErrorCode, invalidField, notFound } from '../../errors.js';
import { lockLocation } from '../locations/repository.js';
import { insertLogin, renameLogin } from '../users/repository.js';

export interface NewDoctor {
  firstName: string;
  lastName: string;
  email: string;
  password?: string;
  specialization: string;
  licenseNumber: string;
  locationId: string;
  room: string;
  consultationMinutes: number;
  feeMinor?: number | null;
}

const columns = {
  id: doctors.id,
  userId: doctors.userId,
  firstName: doctors.firstName,
  lastName: doctors.lastName,
  specialization: specialties.name,
  licenseNumber: doctors.licenseNumber,
  licenseExpiresOn: doctors.licenseExpiresOn,
  bio: doctors.bio,
  languages: doctors.languages,
  locationId: doctors.locationId,
  room: doctors.room,
  consultationMinutes: doctors.consultationMinutes,
  ticketPrefix: doctors.ticketPrefix,
  feeMinor: doctors.feeMinor,
  active: doctors.active,
  createdAt: doctors.createdAt,
};
type Nullable = 'feeMinor' | 'licenseExpiresOn' | 'bio' | 'languages';
// The select's nullable columns come back null when unset.
type DoctorRow = { [K in Exclude<keyof typeof columns, Nullable>]: (typeof columns)[K]['_']['data'] } & {
  feeMinor: number | null;
  licenseExpiresOn: string | null;
  bio: string | null;
  languages: string[] | null;
};

export interface DoctorChanges {
  firstName?: string;
  lastName?: string;
  specialties?: string[];
  bio?: string | null;
  languages?: string[];
  feeMinor?: number | null;
  licenseNumber?: string;
  licenseExpiresOn?: string | null;
  room?: string;
  consultationMinutes?: number;
  active?: boolean;
}

export function doctorDisplayName(d: { firstName: string; lastName: string }): string {
  return `Dr. ${d.firstName} ${d.lastName}`;
}

function publicDoctor(row: DoctorRow, others: Map<string, string[]>) {
  return {
    ...row,
    specialties: [row.specialization, ...(others.get(row.id) ?? [])],
    languages: row.languages ?? [],
    displayName: doctorDisplayName(row),
    createdAt: row.createdAt.toISOString(),
  };
}

/** Each doctor's specialties besides the main one, by name. */
async function otherSpecialties(db: Database, rows: DoctorRow[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!rows.length) return out;
  const found = await db
    .select({ doctorId: doctorSpecialties.doctorId, specialtyId: doctorSpecialties.specialtyId, name: specialties.name })
    .from(doctorSpecialties)
    .innerJoin(specialties, eq(specialties.id, doctorSpecialties.specialtyId))
    .innerJoin(doctors, eq(doctors.id, doctorSpecialties.doctorId))
    .where(
      and(
        inArray(
          doctorSpecialties.doctorId,
          rows.map((r) => r.id),
        ),
        sql`${doctorSpecialties.specialtyId} <> ${doctors.specialtyId}`,
      ),
    )
    .orderBy(asc(specialties.name));
  for (const f of found) out.set(f.doctorId, [...(out.get(f.doctorId) ?? []), f.name]);
  return out;
}

const licenseTaken = () => new AppError(409, ErrorCode.LICENSE_TAKEN, 'A doctor with this licence number already exists');

/**
 * Finds a specialty by name (case-insensitive) or adds it, so admins need not set them up first.
 * When two admins add the same new specialty at once, the loser's insert waits for the winner,
 * then fails on the unique index; its re-read locks (FOR UPDATE) so it sees the row the winner
 * committed instead of its own older snapshot.
 */
async function specialtyId(tx: Tx, name: string): Promise<string> {
  const [found] = await tx.select({ id: specialties.id }).from(specialties).where(eq(specialties.name, name));
  if (found) return found.id;
  try {
    const [row] = await tx.insert(specialties).values({ name }).$returningId();
    return row!.id;
  } catch (err) {
    if (!isDuplicateKey(err, 'specialties_name_unique')) throw err;
    const [raced] = await tx.select({ id: specialties.id }).from(specialties).where(eq(specialties.name, name)).for('update');
    return raced!.id;
  }
}

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

export function freeTicketPrefix(used: Set<string>): string {
  for (const a of LETTERS) if (!used.has(a)) return a;
  for (const a of LETTERS) for (const b of LETTERS) if (!used.has(a + b)) return a + b;
  throw new Error('no ticket prefix left at this location');
}

export class DoctorsService {
  constructor(private readonly db: Database) {}

  async create(input: NewDoctor) {
    const specialization = input.specialization.trim();
    const room = input.room.trim();
    if (!specialization || !room) throw badRequest('specialization and room must not be blank');
    const id = await transactionWithRetry(this.db, async (tx) => {
      // Locking the location serialises doctor creation there (ticket letters; no gap-lock deadlocks).
      await lockLocation(tx, input.locationId);
      // Each doctor of a location gets their own ticket letter: A, B, C … then AA, AB …
      const used = await tx.select({ prefix: doctors.ticketPrefix }).from(doctors).where(eq(doctors.locationId, input.locationId));
      const ticketPrefix = freeTicketPrefix(new Set(used.map((u) => u.prefix)));
      const userId = await insertLogin(tx, {
        email: input.email,
        password: input.password ?? null,
        role: 'doctor',
        firstName: input.firstName,
        lastName: input.lastName,
      });
      const mainSpecialty = await specialtyId(tx, specialization);
      try {
        const [row] = await tx
          .insert(doctors)
          .values({
            userId,
            firstName: input.firstName.trim(),
            lastName: input.lastName.trim(),
            specialtyId: mainSpecialty,
            licenseNumber: input.licenseNumber.trim().toUpperCase(),
            locationId: input.locationId,
            room,
            consultationMinutes: input.consultationMinutes,
            feeMinor: input.feeMinor ?? null,
            ticketPrefix,
          })
          .$returningId();
        await tx.insert(doctorSpecialties).values({ doctorId: row!.id, specialtyId: mainSpecialty });
        return row!.id;
      } catch (err) {
        if (isDuplicateKey(err, 'doctors_license_unique')) throw licenseTaken();
        throw err;
      }
    });
    return this.get(id);
  }

  async get(id: string) {
    const [row] = await this.db
      .select(columns)
      .from(doctors)
      .innerJoin(specialties, eq(specialties.id, doctors.specialtyId))
      .where(eq(doctors.id, id));
    if (!row) throw notFound('Doctor');
    return publicDoctor(row, await otherSpecialties(this.db, [row]));
  }

  /**
   * Changes the profile. A new fee (null: the appointment type's price) bills visits completed from
   * then on; a new consultation length applies to slots not yet booked. Names change on the login too.
   * `active: false` stops new bookings (scheduling refuses with DOCTOR_INACTIVE) and hides the doctor
   * from the lists; visits already booked stay as they are.
   */
  async update(id: string, input: DoctorChanges) {
    const trimmed = (value: string | undefined, field: string) => {
      if (value === undefined) return undefined;
      const t = value.trim();
      if (!t) throw invalidField(field, 'must not be blank');
      return t;
    };
    const firstName = trimmed(input.firstName, 'firstName');
    const lastName = trimmed(input.lastName, 'lastName');
    const room = trimmed(input.room, 'room');
    const names = input.specialties?.map((name) => trimmed(name, 'specialties')!);
    const bio = input.bio === undefined ? undefined : input.bio?.trim() || null;
    await transactionWithRetry(this.db, async (tx) => {
      const [current] = await tx.select({ userId: doctors.userId }).from(doctors).where(eq(doctors.id, id)).for('update');
      if (!current) throw notFound('Doctor');
      const ids: string[] = [];
      for (const name of names ?? []) {
        const found = await specialtyId(tx, name);
        if (!ids.includes(found)) ids.push(found);
      }
      const set = {
        firstName,
        lastName,
        room,
        bio,
        languages: input.languages && [...new Set(input.languages)],
        feeMinor: input.feeMinor,
        licenseNumber: input.licenseNumber?.trim().toUpperCase(),
        licenseExpiresOn: input.licenseExpiresOn,
        consultationMinutes: input.consultationMinutes,
        active: input.active,
        specialtyId: ids[0],
      };
      // Drizzle leaves out undefined fields; an update with none would be invalid SQL.
      if (Object.values(set).some((v) => v !== undefined)) {
        try {
          await tx.update(doctors).set(set).where(eq(doctors.id, id));
        } catch (err) {
          if (isDuplicateKey(err, 'doctors_license_unique')) throw licenseTaken();
          throw err;
        }
      }
      if (ids.length) {
        await tx.delete(doctorSpecialties).where(eq(doctorSpecialties.doctorId, id));
        await tx.insert(doctorSpecialties).values(ids.map((specialtyId) => ({ doctorId: id, specialtyId })));
      }
      if (firstName !== undefined || lastName !== undefined) await renameLogin(tx, current.userId, { firstName, lastName });
    });
    return this.get(id);
  }

  /** 404 unless the doctor exists; used before writing anything that hangs off a doctor. */
  async assertExists(id: string): Promise<void> {
    const [row] = await this.db.select({ id: doctors.id }).from(doctors).where(eq(doctors.id, id));
    if (!row) throw notFound('Doctor');
  }

  /** Active doctors (with `includeInactive`, deactivated ones too) at a location, with a specialty among theirs. */
  async list(filter: { specialization?: string; locationId?: string; includeInactive?: boolean; limit: number; offset: number }) {
    const specialty = filter.specialization?.trim().toLowerCase();
    const withSpecialty = specialty
      ? this.db
          .select({ id: doctorSpecialties.doctorId })
          .from(doctorSpecialties)
          .innerJoin(specialties, eq(specialties.id, doctorSpecialties.specialtyId))
          .where(sql`lower(${specialties.name}) = ${specialty}`)
      : null;
    const rows = await this.db
      .select(columns)
      .from(doctors)
      .innerJoin(specialties, eq(specialties.id, doctors.specialtyId))
      .where(
        and(
          filter.includeInactive ? undefined : eq(doctors.active, true),
          withSpecialty ? inArray(doctors.id, withSpecialty) : undefined,
          filter.locationId ? eq(doctors.locationId, filter.locationId) : undefined,
        ),
      )
      .orderBy(asc(doctors.lastName), asc(doctors.firstName))
      .limit(filter.limit)
      .offset(filter.offset);
    const others = await otherSpecialties(this.db, rows);
    return { doctors: rows.map((row) => publicDoctor(row, others)) };
  }
}
