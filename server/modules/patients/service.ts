// Patient records. A patient may also get a login (role patient) to use the portal.
import { and, asc, count, eq, isNull, like, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { patients } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { badRequest, notFound } from '../../errors.js';
import { normaliseEmail } from '../auth/service.js';
import { insertLogin } from '../users/service.js';

type Row = typeof patients.$inferSelect;

export interface NewPatient {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  phone: string;
  email?: string;
  password?: string;
  gender?: Row['gender'];
  address?: { line?: string; city?: string; postalCode?: string; country?: string };
  emergencyContact?: { name: string; phone: string; relation?: string };
  bloodType?: NonNullable<Row['bloodType']>;
  allergies?: string[];
  preferredLanguage?: string;
  timezone?: string;
}

export function publicPatient(row: Row) {
  return {
    id: row.id,
    userId: row.userId,
    firstName: row.firstName,
    lastName: row.lastName,
    dateOfBirth: row.dateOfBirth,
    gender: row.gender,
    phone: row.phone,
    email: row.email,
    address: { line: row.addressLine, city: row.city, postalCode: row.postalCode, country: row.country },
    emergencyContact: row.emergencyContactName
      ? { name: row.emergencyContactName, phone: row.emergencyContactPhone ?? '', relation: row.emergencyContactRelation }
      : null,
    bloodType: row.bloodType,
    allergies: row.allergies,
    preferredLanguage: row.preferredLanguage,
    timezone: row.timezone,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A birth date must be a real calendar day, not in the future, and not absurdly old. */
function checkBirthDate(value: string, today = new Date()): void {
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) throw badRequest('dateOfBirth is not a real date');
  if (date > today) throw badRequest('dateOfBirth is in the future');
  if (date.getUTCFullYear() < 1900) throw badRequest('dateOfBirth is before 1900');
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export class PatientsService {
  constructor(
    private readonly db: Database,
    private readonly defaultTimezone: string,
  ) {}

  async create(input: NewPatient) {
    checkBirthDate(input.dateOfBirth);
    if (input.password && !input.email) throw badRequest('A patient who logs in needs an email');
    const firstName = input.firstName.trim();
    const lastName = input.lastName.trim();
    if (!firstName || !lastName) throw badRequest('firstName and lastName must not be blank');
    const id = await transactionWithRetry(this.db, async (tx) => {
      const userId =
        input.password && input.email
          ? await insertLogin(tx, { email: input.email, password: input.password, role: 'patient', firstName, lastName })
          : null;
      const [row] = await tx
        .insert(patients)
        .values({
          userId,
          firstName,
          lastName,
          dateOfBirth: input.dateOfBirth,
          gender: input.gender ?? 'unknown',
          phone: input.phone.trim(),
          email: input.email ? normaliseEmail(input.email) : null,
          addressLine: input.address?.line?.trim() ?? null,
          city: input.address?.city?.trim() ?? null,
          postalCode: input.address?.postalCode?.trim() ?? null,
          country: input.address?.country ?? null,
          emergencyContactName: input.emergencyContact?.name.trim() ?? null,
          emergencyContactPhone: input.emergencyContact?.phone.trim() ?? null,
          emergencyContactRelation: input.emergencyContact?.relation?.trim() ?? null,
          bloodType: input.bloodType ?? null,
          allergies: (input.allergies ?? []).map((a) => a.trim()).filter(Boolean),
          preferredLanguage: input.preferredLanguage ?? 'en',
          timezone: input.timezone ?? this.defaultTimezone,
        })
        .$returningId();
      return row!.id;
    });
    return this.get(id);
  }

  async get(id: string) {
    const [row] = await this.db
      .select()
      .from(patients)
      .where(and(eq(patients.id, id), isNull(patients.deletedAt)));
    if (!row) throw notFound('Patient');
    return publicPatient(row);
  }

  /** Search by name ("Ana", "Costa", "Ana Co"), phone digits or email; newest first when no query. */
  async search(filter: { query?: string; limit: number; offset: number }) {
    const conditions: (SQL | undefined)[] = [isNull(patients.deletedAt)];
    const q = filter.query?.trim();
    if (q) {
      const prefix = `${escapeLike(q)}%`;
      const digits = q.replace(/\D/g, '');
      conditions.push(
        or(
          like(patients.lastName, prefix),
          like(patients.firstName, prefix),
          like(sql`concat(${patients.firstName}, ' ', ${patients.lastName})`, prefix),
          like(patients.email, prefix),
          digits.length >= 4
            ? like(sql`replace(replace(replace(${patients.phone}, ' ', ''), '-', ''), '+', '')`, `%${digits}%`)
            : undefined,
        ),
      );
    }
    const where = and(...conditions);
    const [rows, [total]] = await Promise.all([
      this.db
        .select()
        .from(patients)
        .where(where)
        .orderBy(asc(patients.lastName), asc(patients.firstName), asc(patients.id))
        .limit(filter.limit)
        .offset(filter.offset),
      this.db.select({ n: count() }).from(patients).where(where),
    ]);
    return { patients: rows.map(publicPatient), total: total?.n ?? 0, limit: filter.limit, offset: filter.offset };
  }
}
