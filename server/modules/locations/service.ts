import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { locations } from '../../../db/schema/index.js';
import { badRequest, notFound } from '../../errors.js';

export function publicLocation(row: typeof locations.$inferSelect) {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    phone: row.phone,
    timezone: row.timezone,
    patientChangeCutoffHours: row.patientChangeCutoffHours,
    boardShowsInitials: row.boardShowsInitials,
    language: row.language,
    createdAt: row.createdAt.toISOString(),
  };
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
    },
  ) {
    const values = { ...input, name: input.name?.trim(), address: input.address?.trim() };
    if (values.name === '' || values.address === '') throw badRequest('name and address must not be blank');
    const [result] = await this.db.update(locations).set(values).where(eq(locations.id, id));
    if (result.affectedRows !== 1) throw notFound('Location');
    return this.get(id);
  }

  async create(input: {
    name: string;
    address: string;
    phone: string;
    timezone: string;
    patientChangeCutoffHours?: number;
    boardShowsInitials?: boolean;
    language?: string;
  }) {
    const name = input.name.trim();
    const address = input.address.trim();
    if (!name || !address) throw badRequest('name and address must not be blank');
    const [row] = await this.db
      .insert(locations)
      .values({ ...input, name, address })
      .$returningId();
    return this.get(row!.id);
  }

  async get(id: string) {
    const [row] = await this.db.select().from(locations).where(eq(locations.id, id));
    if (!row) throw notFound('Location');
    return publicLocation(row);
  }

  async list() {
    const rows = await this.db.select().from(locations).orderBy(asc(locations.name));
    return { locations: rows.map(publicLocation) };
  }
}
