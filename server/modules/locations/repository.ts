// The locations table, owned here: every other module reads a location (its time zone above all)
// through these functions instead of querying the table.
import { asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { locations } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';
import { notFound } from '../../errors.js';

type Reader = Database | Tx;
export type LocationRow = typeof locations.$inferSelect;
export type NewLocation = typeof locations.$inferInsert;
export type LocationChanges = Partial<
  Pick<
    LocationRow,
    | 'name'
    | 'address'
    | 'phone'
    | 'patientChangeCutoffHours'
    | 'boardShowsInitials'
    | 'language'
    | 'patientMaxUpcomingVisitsPerDoctor'
    | 'patientMaxUpcomingVisits'
    | 'patientMaxSeriesWeeks'
    | 'units'
    | 'currency'
    | 'openingHours'
    | 'active'
  >
>;

export async function findLocation(db: Reader, id: string): Promise<LocationRow | null> {
  const [row] = await db.select().from(locations).where(eq(locations.id, id));
  return row ?? null;
}

/** The location, or 404. */
export async function getLocation(db: Reader, id: string): Promise<LocationRow> {
  const row = await findLocation(db, id);
  if (!row) throw notFound('Location');
  return row;
}

/** Every location by name (with `activeOnly`, the ones not deactivated). */
export function listLocations(db: Reader, opts: { activeOnly?: boolean } = {}): Promise<LocationRow[]> {
  return db
    .select()
    .from(locations)
    .where(opts.activeOnly ? eq(locations.active, true) : undefined)
    .orderBy(asc(locations.name));
}

/** The location's IANA time zone; 404 when there is no such location. */
export async function locationZone(db: Reader, id: string): Promise<string> {
  const [row] = await db.select({ timezone: locations.timezone }).from(locations).where(eq(locations.id, id));
  if (!row) throw notFound('Location');
  return row.timezone;
}

/** The booking limits of patients who book for themselves at this location (scheduling/visit-limits.ts); 404 when there is none. */
export async function patientBookingLimits(db: Reader, id: string) {
  const [row] = await db
    .select({
      perDoctor: locations.patientMaxUpcomingVisitsPerDoctor,
      total: locations.patientMaxUpcomingVisits,
      seriesWeeks: locations.patientMaxSeriesWeeks,
    })
    .from(locations)
    .where(eq(locations.id, id));
  if (!row) throw notFound('Location');
  return row;
}

/** Every location's id and time zone (for per-location local days). */
export function locationZones(db: Reader): Promise<{ id: string; timezone: string }[]> {
  return db.select({ id: locations.id, timezone: locations.timezone }).from(locations);
}

/** 404 unless every id is a location. */
export async function assertLocationsExist(db: Reader, ids: string[]): Promise<void> {
  const unique = [...new Set(ids)];
  if (!unique.length) return;
  const found = await db.select({ id: locations.id }).from(locations).where(inArray(locations.id, unique));
  if (found.length !== unique.length) throw notFound('Location');
}

/**
 * Locks the location's row until the transaction ends (404 if there is none): serialises changes
 * that must see one location's state alone, such as handing out doctors' ticket letters.
 */
export async function lockLocation(tx: Tx, id: string): Promise<void> {
  const [row] = await tx.select({ id: locations.id }).from(locations).where(eq(locations.id, id)).for('update');
  if (!row) throw notFound('Location');
}

export async function insertLocation(db: Reader, values: NewLocation): Promise<string> {
  const [row] = await db.insert(locations).values(values).$returningId();
  return row!.id;
}

/** False when there is no such location. */
export async function updateLocation(db: Reader, id: string, changes: LocationChanges): Promise<boolean> {
  const [result] = await db.update(locations).set(changes).where(eq(locations.id, id));
  return result.affectedRows === 1;
}
