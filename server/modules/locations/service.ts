// Clinic locations: create, change, read. The table is reached through repository.ts.
import type { Database } from '../../../db/mysql.js';
import { AppError, badRequest, ErrorCode, notFound } from '../../errors.js';
import { isKnownCurrency } from '../billing/money.js';
import { getLocation, insertLocation, type LocationRow, listLocations, updateLocation } from './repository.js';

type BookingLimits = Partial<Pick<LocationRow, 'patientMaxUpcomingVisitsPerDoctor' | 'patientMaxUpcomingVisits' | 'patientMaxSeriesWeeks'>>;

export function publicLocation(row: LocationRow) {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    phone: row.phone,
    timezone: row.timezone,
    patientChangeCutoffHours: row.patientChangeCutoffHours,
    boardShowsInitials: row.boardShowsInitials,
    language: row.language,
    patientMaxUpcomingVisitsPerDoctor: row.patientMaxUpcomingVisitsPerDoctor,
    patientMaxUpcomingVisits: row.patientMaxUpcomingVisits,
    patientMaxSeriesWeeks: row.patientMaxSeriesWeeks,
    units: row.units,
    currency: row.currency,
    createdAt: row.createdAt.toISOString(),
  };
}

/** An ISO 4217 code this Node knows (Intl), e.g. USD, EUR, JPY: 400 UNKNOWN_CURRENCY otherwise. */
export function assertKnownCurrency(code: string): void {
  if (!isKnownCurrency(code)) {
    throw new AppError(400, ErrorCode.UNKNOWN_CURRENCY, `"${code}" is not an ISO 4217 currency code`);
  }
}

export class LocationsService {
  constructor(private readonly db: Database) {}

  async update(
    id: string,
    input: {
      name?: string;
      address?: string;
      phone?: string;
      patientChangeCutoffHours?: number;
      boardShowsInitials?: boolean;
      language?: string;
      units?: LocationRow['units'];
      currency?: string;
    } & BookingLimits,
  ) {
    if (input.currency !== undefined) assertKnownCurrency(input.currency);
    const values = { ...input, name: input.name?.trim(), address: input.address?.trim() };
    if (values.name === '' || values.address === '') throw badRequest('name and address must not be blank');
    if (!(await updateLocation(this.db, id, values))) throw notFound('Location');
    return this.get(id);
  }

  async create(
    input: {
      name: string;
      address: string;
      phone: string;
      timezone: string;
      patientChangeCutoffHours?: number;
      boardShowsInitials?: boolean;
      language?: string;
      units?: LocationRow['units'];
    } & BookingLimits,
  ) {
    const name = input.name.trim();
    const address = input.address.trim();
    if (!name || !address) throw badRequest('name and address must not be blank');
    return this.get(await insertLocation(this.db, { ...input, name, address }));
  }

  async get(id: string) {
    return publicLocation(await getLocation(this.db, id));
  }

  async list() {
    return { locations: (await listLocations(this.db)).map(publicLocation) };
  }
}
