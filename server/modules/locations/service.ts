// Clinic locations: create, change, read. The table is reached through repository.ts.
import type { Database } from '../../../db/mysql.js';
import type { OpeningRange } from '../../../db/schema/index.js';
import { AppError, badRequest, ErrorCode, notFound } from '../../errors.js';
import { isKnownCurrency } from '../billing/money.js';
import { locationHasInvoices } from '../billing/repository.js';
import { normaliseOpeningHours } from './opening-hours.js';
import { findLocation, getLocation, insertLocation, type LocationRow, listLocations, updateLocation } from './repository.js';

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
    openingHours: row.openingHours ?? [],
    active: row.active,
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
      active?: boolean;
      openingHours?: OpeningRange[];
    } & BookingLimits,
  ) {
    if (input.currency !== undefined) {
      assertKnownCurrency(input.currency);
      await this.assertCurrencyChangeable(id, input.currency);
    }
    const values = {
      ...input,
      name: input.name?.trim(),
      address: input.address?.trim(),
      openingHours: input.openingHours && normaliseOpeningHours(input.openingHours),
    };
    if (values.name === '' || values.address === '') throw badRequest('name and address must not be blank');
    if (!(await updateLocation(this.db, id, values))) throw notFound('Location');
    return this.get(id);
  }

  /**
   * A location's currency is fixed once it has billed anything: its invoices, payments, cash-ups and
   * metrics are amounts in it, and a new code would relabel them (4500 USD read as 4500 JPY).
   */
  private async assertCurrencyChangeable(id: string, currency: string) {
    const current = await findLocation(this.db, id);
    if (!current || current.currency === currency) return;
    if (await locationHasInvoices(this.db, id)) {
      throw new AppError(
        409,
        ErrorCode.CURRENCY_IN_USE,
        `This location has billed in ${current.currency}; its currency can no longer change`,
        {
          currency: current.currency,
        },
      );
    }
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
      openingHours?: OpeningRange[];
    } & BookingLimits,
  ) {
    const name = input.name.trim();
    const address = input.address.trim();
    if (!name || !address) throw badRequest('name and address must not be blank');
    const openingHours = input.openingHours && normaliseOpeningHours(input.openingHours);
    return this.get(await insertLocation(this.db, { ...input, name, address, openingHours }));
  }

  async get(id: string) {
    return publicLocation(await getLocation(this.db, id));
  }

  async list(opts: { includeInactive?: boolean } = {}) {
    return { locations: (await listLocations(this.db, { activeOnly: !opts.includeInactive })).map(publicLocation) };
  }
}
