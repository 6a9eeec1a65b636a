// Loads the demo clinic. Idempotent: every row is looked up by a natural key (location name,
// email, licence number, booking reference; feedback by its visit) and only what is missing is
// written, so running it twice changes nothing.
import { and, eq, isNull } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from 'mongodb';
import type { Database } from '../../db/mysql.js';
import { appointmentTypes, displayDevices, doctors, locations, patients, scheduleRules, users } from '../../db/schema/index.js';
import { newDisplayToken } from '../../server/modules/displays/tokens.js';
import { ScheduleService } from '../../server/modules/doctors/schedule-service.js';
import { DoctorsService } from '../../server/modules/doctors/service.js';
import { rollupRange } from '../../server/modules/metrics/rollup.js';
import { PatientsService } from '../../server/modules/patients/service.js';
import { insertLogin, setUserLocations } from '../../server/modules/users/repository.js';
import { seedAdminConsole } from './admin-console.js';
import { seedDemoCharts } from './charts.js';
import { APPOINTMENT_TYPES, DEMO_PASSWORD, DOCTORS, demoPatients, LOCATIONS, STAFF, WEEKDAY_HOURS } from './demo-clinic.js';
import { seedDemoFeedback } from './feedback.js';

export interface SeedSummary {
  created: number;
  existing: number;
  displayTokens: { location: string; token: string }[];
}

export async function seedDemoClinic(db: Database, mongo: Db, log: (line: string) => void = () => {}): Promise<SeedSummary> {
  const summary: SeedSummary = { created: 0, existing: 0, displayTokens: [] };
  const count = (created: boolean) => (created ? summary.created++ : summary.existing++);
  const progress = (step: string, done: number, total: number) => log(`seed: ${step} ${done}/${total}`);

  const locationIds = new Map<string, string>();
  for (const [i, loc] of LOCATIONS.entries()) {
    const [found] = await db.select({ id: locations.id }).from(locations).where(eq(locations.name, loc.name));
    let id = found?.id;
    if (!id)
      [{ id }] = (await db
        .insert(locations)
        .values({
          name: loc.name,
          address: loc.address,
          phone: loc.phone,
          timezone: loc.timezone,
          units: loc.units,
          currency: loc.currency,
        })
        .$returningId()) as [{ id: string }];
    count(!found);
    locationIds.set(loc.key, id);
    progress('locations', i + 1, LOCATIONS.length);
  }

  for (const [i, { locations: places, ...person }] of STAFF.entries()) {
    const [found] = await db.select({ id: users.id }).from(users).where(eq(users.email, person.email));
    if (!found) {
      const userId = await insertLogin(db, { ...person, password: DEMO_PASSWORD });
      await setUserLocations(
        db,
        userId,
        places.map((key) => locationIds.get(key)!),
      );
    }
    count(!found);
    progress('staff logins', i + 1, STAFF.length);
  }

  const doctorService = new DoctorsService(db);
  const schedules = new ScheduleService(db, doctorService);
  const doctorIds = new Map<string, string>();
  for (const [i, d] of DOCTORS.entries()) {
    const [found] = await db.select({ id: doctors.id }).from(doctors).where(eq(doctors.licenseNumber, d.licenseNumber));
    let id = found?.id;
    if (!id) {
      const email = `${d.firstName.toLowerCase()}.${d.lastName.toLowerCase()}@clinic.example`;
      const locationId = locationIds.get(d.location)!;
      ({ id } = await doctorService.create({
        firstName: d.firstName,
        lastName: d.lastName,
        email,
        password: DEMO_PASSWORD,
        specialization: d.specialization,
        licenseNumber: d.licenseNumber,
        locationId,
        room: d.room,
        consultationMinutes: d.minutes,
      }));
    }
    const [hasRules] = await db.select({ id: scheduleRules.id }).from(scheduleRules).where(eq(scheduleRules.doctorId, id)).limit(1);
    if (!hasRules)
      await schedules.replace(
        id,
        WEEKDAY_HOURS.map((h) => ({ ...h, locationId: locationIds.get(d.location)! })),
      );
    doctorIds.set(d.licenseNumber, id);
    count(!found);
    progress('doctors', i + 1, DOCTORS.length);
  }

  for (const type of APPOINTMENT_TYPES) {
    const [found] = await db
      .select({ id: appointmentTypes.id, priceMinor: appointmentTypes.priceMinor })
      .from(appointmentTypes)
      .where(eq(appointmentTypes.key, type.key));
    if (!found) await db.insert(appointmentTypes).values(type);
    // A demo database seeded before billing existed gets the prices too (never overwriting one set since).
    else if (found.priceMinor === null)
      await db.update(appointmentTypes).set({ priceMinor: type.priceMinor }).where(eq(appointmentTypes.id, found.id));
    count(!found);
  }
  progress('appointment types', APPOINTMENT_TYPES.length, APPOINTMENT_TYPES.length);

  const patientService = new PatientsService(db, 'America/New_York');
  const people = demoPatients();
  for (const [i, p] of people.entries()) {
    const [found] = await db.select({ id: patients.id }).from(patients).where(eq(patients.email, p.email));
    if (!found) {
      const { canLogIn, ...record } = p;
      await patientService.create({ ...record, password: canLogIn ? DEMO_PASSWORD : undefined });
    }
    count(!found);
    if ((i + 1) % 10 === 0 || i + 1 === people.length) progress('patients', i + 1, people.length);
  }

  summary.created += await seedDemoCharts(db, people);
  progress('charts', 1, 1);

  const visits = await seedDemoFeedback(db, mongo, people, progress);
  summary.created += visits.created;
  summary.existing += visits.existing;

  for (const loc of LOCATIONS) {
    const locationId = locationIds.get(loc.key)!;
    const [found] = await db
      .select({ id: displayDevices.id })
      .from(displayDevices)
      .where(and(eq(displayDevices.locationId, locationId), isNull(displayDevices.revokedAt)))
      .limit(1);
    if (!found) {
      const { token, tokenHash } = newDisplayToken();
      await db.insert(displayDevices).values({ locationId, name: `${loc.name} waiting room`, tokenHash });
      summary.displayTokens.push({ location: loc.name, token });
    }
    count(!found);
  }
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.email, STAFF[0].email));
  summary.created += await seedAdminConsole(db, mongo, { locations: locationIds, doctors: doctorIds, adminUserId: admin!.id }, progress);

  // The dashboard's charts: the demo's last five weeks rolled up, as the worker would have done each night
  // (a rollup rewrites whole days, so running the seed again changes nothing).
  const now = new Date();
  for (const [i, loc] of LOCATIONS.entries()) {
    const zone = loc.timezone;
    const today = DateTime.fromJSDate(now, { zone });
    await rollupRange(db, mongo, locationIds.get(loc.key)!, today.minus({ days: 34 }).toISODate()!, today.toISODate()!, now);
    progress('metrics', i + 1, LOCATIONS.length);
  }
  log(`seed: done, ${summary.created} created, ${summary.existing} already there`);
  return summary;
}
