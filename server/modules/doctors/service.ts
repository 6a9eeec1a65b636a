// Doctors: each is a login (role doctor) plus a doctor record with a specialty and a home room.
import { and, asc, eq, sql } from 'drizzle-orm';
import { isDuplicateKey } from '../../../db/errors.js';
import type { Database } from '../../../db/mysql.js';
import { doctors, specialties } from '../../../db/schema/index.js';
import { type Tx, transactionWithRetry } from '../../../db/transactions.js';
import { AppError, badRequest, ErrorCode, notFound } from '../../errors.js';
import { lockLocation } from '../locations/repository.js';
import { insertLogin } from '../users/repository.js';

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
  locationId: doctors.locationId,
  room: doctors.room,
  consultationMinutes: doctors.consultationMinutes,
  ticketPrefix: doctors.ticketPrefix,
  feeMinor: doctors.feeMinor,
  active: doctors.active,
  createdAt: doctors.createdAt,
};
// The select's nullable columns (feeMinor) come back null when unset.
type DoctorRow = { [K in Exclude<keyof typeof columns, 'feeMinor'>]: (typeof columns)[K]['_']['data'] } & { feeMinor: number | null };

export function doctorDisplayName(d: { firstName: string; lastName: string }): string {
  return `Dr. ${d.firstName} ${d.lastName}`;
}

function publicDoctor(row: DoctorRow) {
  return { ...row, displayName: doctorDisplayName(row), createdAt: row.createdAt.toISOString() };
}

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
      try {
        const [row] = await tx
          .insert(doctors)
          .values({
            userId,
            firstName: input.firstName.trim(),
            lastName: input.lastName.trim(),
            specialtyId: await specialtyId(tx, specialization),
            licenseNumber: input.licenseNumber.trim().toUpperCase(),
            locationId: input.locationId,
            room,
            consultationMinutes: input.consultationMinutes,
            feeMinor: input.feeMinor ?? null,
            ticketPrefix,
          })
          .$returningId();
        return row!.id;
      } catch (err) {
        if (isDuplicateKey(err, 'doctors_license_unique')) {
          throw new AppError(409, ErrorCode.LICENSE_TAKEN, 'A doctor with this licence number already exists');
        }
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
    return publicDoctor(row);
  }

  /** Changes the doctor's own fee (null: bill the appointment type's price); a new fee bills visits completed from then on. */
  async update(id: string, input: { feeMinor?: number | null }) {
    await this.assertExists(id);
    if (input.feeMinor !== undefined) await this.db.update(doctors).set({ feeMinor: input.feeMinor }).where(eq(doctors.id, id));
    return this.get(id);
  }

  /** 404 unless the doctor exists; used before writing anything that hangs off a doctor. */
  async assertExists(id: string): Promise<void> {
    const [row] = await this.db.select({ id: doctors.id }).from(doctors).where(eq(doctors.id, id));
    if (!row) throw notFound('Doctor');
  }

  async list(filter: { specialization?: string; locationId?: string; limit: number; offset: number }) {
    const rows = await this.db
      .select(columns)
      .from(doctors)
      .innerJoin(specialties, eq(specialties.id, doctors.specialtyId))
      .where(
        and(
          eq(doctors.active, true),
          filter.specialization?.trim() ? sql`lower(${specialties.name}) = ${filter.specialization.trim().toLowerCase()}` : undefined,
          filter.locationId ? eq(doctors.locationId, filter.locationId) : undefined,
        ),
      )
      .orderBy(asc(doctors.lastName), asc(doctors.firstName))
      .limit(filter.limit)
      .offset(filter.offset);
    return { doctors: rows.map(publicDoctor) };
  }
}
