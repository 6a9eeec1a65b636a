// Patient records. A patient may also get a login (role patient) to use the portal.
import { and, asc, count, eq, isNull, like, or, type SQL, sql } from 'drizzle-orm';
import { isDuplicateKey } from '../../../db/errors.js';
import type { Database } from '../../../db/mysql.js';
import { patients } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { AppError, ErrorCode, invalidField, notFound } from '../../errors.js';
import { activeAllergySubstances, insertAllergyNames } from '../record/allergies-repository.js';
import { insertLogin, normaliseEmail } from '../users/repository.js';
import { checkBirthDate, duplicatePatient, identityMatches, nameKey } from './identity.js';
import { phoneCountryFor, toE164 } from './phone.js';

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
  notificationPreferences?: Partial<NotificationPreferences>;
  /** Register although a patient with the same names and birth date exists (the desk checked: another person). */
  allowDuplicate?: boolean;
}

export interface NotificationPreferences {
  email: boolean;
  sms: boolean;
  inApp: boolean;
}

/** What a patient (for their own record) or staff may change: contact details and preferences. */
export interface PatientChanges {
  phone?: string;
  address?: { line?: string; city?: string; postalCode?: string; country?: string };
  /** null removes the emergency contact. */
  emergencyContact?: { name: string; phone: string; relation?: string } | null;
  preferredLanguage?: string;
  timezone?: string;
  notificationPreferences?: Partial<NotificationPreferences>;
}

/** The patient as the API shows them; `allergies` are the active structured allergies' substances. */
export function publicPatient(row: Row, allergies: string[]) {
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
    allergies,
    preferredLanguage: row.preferredLanguage,
    timezone: row.timezone,
    notificationPreferences: { email: row.notifyEmail, sms: row.notifySms, inApp: row.notifyInApp },
    createdAt: row.createdAt.toISOString(),
  };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The columns a (partial) preferences object sets; channels not mentioned are left out. */
function preferenceColumns(prefs: Partial<NotificationPreferences> | undefined): Partial<Row> {
  if (!prefs) return {};
  return {
    ...(prefs.email !== undefined ? { notifyEmail: prefs.email } : {}),
    ...(prefs.sms !== undefined ? { notifySms: prefs.sms } : {}),
    ...(prefs.inApp !== undefined ? { notifyInApp: prefs.inApp } : {}),
  };
}

export class PatientsService {
  constructor(
    private readonly db: Database,
    private readonly defaultTimezone: string,
    /** DEFAULT_PHONE_COUNTRY: where numbers without +country are read when the patient has no country. */
    private readonly defaultPhoneCountry = 'US',
  ) {}

  /** `raw` in E.164, read in the patient's country (else the default), or 400 INVALID_PHONE naming `field`. */
  private e164(raw: string, country: string | null | undefined, field: string): string {
    const number = toE164(raw, phoneCountryFor(country, this.defaultPhoneCountry));
    if (!number) {
      throw new AppError(400, ErrorCode.INVALID_PHONE, `${field} is not a valid phone number; write it with +country code`, { field });
    }
    return number;
  }

  async create(input: NewPatient, attempt = 1): Promise<Awaited<ReturnType<PatientsService['get']>>> {
    checkBirthDate(input.dateOfBirth);
    if (input.password && !input.email) throw invalidField('email', 'A patient who signs in to the portal needs an email address.');
    const firstName = input.firstName.trim();
    const lastName = input.lastName.trim();
    if (!firstName) throw invalidField('firstName', 'Please write the first name.');
    if (!lastName) throw invalidField('lastName', 'Please write the last name.');
    const country = input.address?.country;
    const phone = this.e164(input.phone, country, 'phone');
    const emergencyPhone = input.emergencyContact ? this.e164(input.emergencyContact.phone, country, 'emergencyContact.phone') : null;
    const person = { firstName, lastName, dateOfBirth: input.dateOfBirth };
    const allowDuplicate = input.allowDuplicate === true;
    const id = await transactionWithRetry(this.db, async (tx) => {
      // allowDuplicate marks the record a deliberate duplicate only when there is someone to
      // duplicate: otherwise it keeps its identity key, and the unique index still stops a second
      // desk registering the same person at the same moment.
      const matches = await identityMatches(tx, person);
      if (matches.length && !allowDuplicate) throw duplicatePatient(matches);
      const duplicate = matches.length > 0;
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
          phone,
          email: input.email ? normaliseEmail(input.email) : null,
          addressLine: input.address?.line?.trim() ?? null,
          city: input.address?.city?.trim() ?? null,
          postalCode: input.address?.postalCode?.trim() ?? null,
          country: input.address?.country ?? null,
          emergencyContactName: input.emergencyContact?.name.trim() ?? null,
          emergencyContactPhone: emergencyPhone,
          emergencyContactRelation: input.emergencyContact?.relation?.trim() ?? null,
          bloodType: input.bloodType ?? null,
          preferredLanguage: input.preferredLanguage ?? 'en',
          timezone: input.timezone ?? this.defaultTimezone,
          ...preferenceColumns(input.notificationPreferences),
          registeredAsDuplicate: duplicate,
        })
        .$returningId();
      await insertAllergyNames(tx, row!.id, input.allergies ?? [], null);
      return row!.id;
    }).catch(async (err) => {
      // Another desk registered the same person between our read and our insert: its row holds the
      // identity key now, and this registration is a duplicate like any other (registered as one
      // when the desk said so: the second try sees the match).
      if (isDuplicateKey(err, 'patients_identity_unique')) {
        if (allowDuplicate && attempt === 1) return (await this.create(input, 2)).id;
        throw duplicatePatient(await identityMatches(this.db, person));
      }
      throw err;
    });
    return this.get(id);
  }

  /** Changes contact details and preferences; phones are normalised like on create. */
  async update(id: string, changes: PatientChanges) {
    await transactionWithRetry(this.db, async (tx) => {
      const [row] = await tx
        .select()
        .from(patients)
        .where(and(eq(patients.id, id), isNull(patients.deletedAt)))
        .for('update');
      if (!row) throw notFound('Patient');
      const country = changes.address?.country ?? row.country;
      const contact = changes.emergencyContact;
      const values: Partial<Row> = {
        ...(changes.phone !== undefined ? { phone: this.e164(changes.phone, country, 'phone') } : {}),
        ...(changes.address?.line !== undefined ? { addressLine: changes.address.line.trim() } : {}),
        ...(changes.address?.city !== undefined ? { city: changes.address.city.trim() } : {}),
        ...(changes.address?.postalCode !== undefined ? { postalCode: changes.address.postalCode.trim() } : {}),
        ...(changes.address?.country !== undefined ? { country: changes.address.country } : {}),
        ...(contact === null ? { emergencyContactName: null, emergencyContactPhone: null, emergencyContactRelation: null } : {}),
        ...(contact
          ? {
              emergencyContactName: contact.name.trim(),
              emergencyContactPhone: this.e164(contact.phone, country, 'emergencyContact.phone'),
              emergencyContactRelation: contact.relation?.trim() || null,
            }
          : {}),
        ...(changes.preferredLanguage !== undefined ? { preferredLanguage: changes.preferredLanguage } : {}),
        ...(changes.timezone !== undefined ? { timezone: changes.timezone } : {}),
        ...preferenceColumns(changes.notificationPreferences),
      };
      if (Object.keys(values).length > 0) await tx.update(patients).set(values).where(eq(patients.id, id));
    });
    return this.get(id);
  }

  async get(id: string) {
    const [row] = await this.db
      .select()
      .from(patients)
      .where(and(eq(patients.id, id), isNull(patients.deletedAt)));
    if (!row) throw notFound('Patient');
    const allergies = await activeAllergySubstances(this.db, [id]);
    return publicPatient(row, allergies.get(id) ?? []);
  }

  /**
   * Search by name ("Ana", "Costa", "Ana Co", "Costa Ana"), phone digits or email; by last then first
   * name. Names match without case, accents, spaces or punctuation: "obrien" and "o brien" find O'Brien,
   * "jose" finds José (identity.ts).
   */
  async search(filter: { query?: string; limit: number; offset: number }) {
    const conditions: (SQL | undefined)[] = [isNull(patients.deletedAt)];
    const q = filter.query?.trim();
    if (q) {
      const prefix = `${escapeLike(q)}%`;
      // Only letters and digits: nothing in it for LIKE to read as a wildcard.
      const key = nameKey(q);
      const keyPrefix = `${key}%`;
      const digits = q.replace(/\D/g, '');
      // A query that reads as a phone number also finds the stored E.164 form, whatever its format.
      const phone = digits.length >= 4 ? toE164(q, this.defaultPhoneCountry) : null;
      conditions.push(
        or(
          ...(key
            ? [
                like(patients.lastNameKey, keyPrefix),
                like(patients.firstNameKey, keyPrefix),
                like(sql`concat(${patients.firstNameKey}, ${patients.lastNameKey})`, keyPrefix),
                like(sql`concat(${patients.lastNameKey}, ${patients.firstNameKey})`, keyPrefix),
              ]
            : []),
          like(patients.email, prefix),
          digits.length >= 4
            ? like(sql`replace(replace(replace(${patients.phone}, ' ', ''), '-', ''), '+', '')`, `%${digits}%`)
            : undefined,
          phone ? eq(patients.phone, phone) : undefined,
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
    const allergies = await activeAllergySubstances(
      this.db,
      rows.map((r) => r.id),
    );
    return {
      patients: rows.map((r) => publicPatient(r, allergies.get(r.id) ?? [])),
      total: total?.n ?? 0,
      limit: filter.limit,
      offset: filter.offset,
    };
  }
}
