// Appointment types: named visit lengths ("first-visit" 30 min) with their consultation price.
// Without a type a visit lasts the doctor's consultation minutes.
import { and, asc, eq } from 'drizzle-orm';
import { isDuplicateKey } from '../../../db/errors.js';
import type { Database } from '../../../db/mysql.js';
import { appointmentTypes } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';
import { AppError, badRequest, ErrorCode, notFound } from '../../errors.js';

const present = (t: typeof appointmentTypes.$inferSelect) => ({
  id: t.id,
  key: t.key,
  name: t.name,
  durationMinutes: t.durationMinutes,
  priceMinor: t.priceMinor,
  active: t.active,
});

export async function appointmentTypeMinutes(db: Database, key: string): Promise<number> {
  const [type] = await db
    .select()
    .from(appointmentTypes)
    .where(and(eq(appointmentTypes.key, key), eq(appointmentTypes.active, true)));
  if (!type) throw badRequest(`Unknown appointment type "${key}"`);
  return type.durationMinutes;
}

/** What billing needs of a visit's type: its name and price (null: not priced); null when there is no such type. */
export async function appointmentTypePricing(
  db: Database | Tx,
  typeId: string,
): Promise<{ name: string; priceMinor: number | null } | null> {
  const [row] = await db
    .select({ name: appointmentTypes.name, priceMinor: appointmentTypes.priceMinor })
    .from(appointmentTypes)
    .where(eq(appointmentTypes.id, typeId));
  return row ?? null;
}

export class AppointmentTypesService {
  constructor(private readonly db: Database) {}

  async create(input: { key: string; name: string; durationMinutes: number; priceMinor?: number | null }) {
    const name = input.name.trim();
    if (!name) throw badRequest('name must not be blank');
    try {
      const [row] = await this.db
        .insert(appointmentTypes)
        .values({ ...input, name })
        .$returningId();
      const [saved] = await this.db.select().from(appointmentTypes).where(eq(appointmentTypes.id, row!.id));
      return present(saved!);
    } catch (err) {
      if (isDuplicateKey(err, 'appointment_types_key_unique'))
        throw new AppError(409, ErrorCode.CONFLICT, `Type "${input.key}" exists already`);
      throw err;
    }
  }

  async get(id: string) {
    const [row] = await this.db.select().from(appointmentTypes).where(eq(appointmentTypes.id, id));
    if (!row) throw notFound('Appointment type');
    return present(row);
  }

  /**
   * Renames, re-times, re-prices, retires (active false) or brings back a type; a new price bills
   * visits completed from now on (invoices keep theirs), a retired type takes no new bookings.
   */
  async update(id: string, input: { name?: string; durationMinutes?: number; priceMinor?: number | null; active?: boolean }) {
    const name = input.name?.trim();
    if (name === '') throw badRequest('name must not be blank');
    await this.get(id);
    await this.db
      .update(appointmentTypes)
      .set({ ...input, ...(name !== undefined && { name }) })
      .where(eq(appointmentTypes.id, id));
    return this.get(id);
  }

  async list(opts: { includeInactive?: boolean } = {}) {
    const rows = await this.db
      .select()
      .from(appointmentTypes)
      .where(opts.includeInactive ? undefined : eq(appointmentTypes.active, true))
      .orderBy(asc(appointmentTypes.name));
    return { types: rows.map(present) };
  }
}
