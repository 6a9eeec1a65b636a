// The hub for bench/prescriptions.ts, on a scratch database (the catalogue is loaded by the
// migration): one UTC location, 16 doctors with 16 checked-in walk-ins each (a patient per visit,
// no allergies), groups of three catalogue medicines with different generics, and one typical
// signed prescription for the PDF runs. Prints, as one JSON line: the port, each doctor's access
// token with their visits, the medicine groups, the typical prescription's id and its printout
// (what the PDF route hands the renderer, so the bench can time the renderer alone on the same input).
import { and, asc, eq } from 'drizzle-orm';
import { newId } from '../../db/ids.js';
import { appointments, medications } from '../../db/schema/index.js';
import { claimsOf } from '../../server/modules/auth/access-token.js';
import { DoctorsService } from '../../server/modules/doctors/service.js';
import { LocationsService } from '../../server/modules/locations/service.js';
import { PatientsService } from '../../server/modules/patients/service.js';
import { printoutOf } from '../../server/modules/prescriptions/present.js';
import { loadPrescription } from '../../server/modules/prescriptions/repository.js';
import { loadPrincipal } from '../../server/modules/users/repository.js';
import { benchDatabase, dropScratch, scratchHub } from './scratch.js';

const DOCTORS = 16;
const VISITS_PER_DOCTOR = 16;
const GROUPS = 10;

const database = benchDatabase('rx');
const { config, app } = await scratchHub(database);

const location = await new LocationsService(app.db).create({
  name: 'Riverside Family Clinic',
  address: '12 Mill Lane, Springfield',
  phone: '+1 212 555 0100',
  timezone: 'UTC',
});
const patientsService = new PatientsService(app.db, 'UTC');
const now = new Date();
const doctorsOut: { token: string; visitIds: string[] }[] = [];
for (let d = 0; d < DOCTORS; d++) {
  const doctor = await new DoctorsService(app.db).create({
    firstName: 'Anna',
    lastName: `Kowalska${d}`,
    email: `rx.doctor${d}@bench.example`,
    specialization: 'General practice',
    licenseNumber: `GMC-${7_012_300 + d}`,
    locationId: location.id,
    room: String(d + 1),
    consultationMinutes: 15,
  });
  const principal = (await loadPrincipal(app.db, doctor.userId))!;
  // One doctor's patients at once (their commits share fsyncs), then their walk-ins in one insert.
  const patients = await Promise.all(
    Array.from({ length: VISITS_PER_DOCTOR }, (_, v) => {
      const n = d * VISITS_PER_DOCTOR + v;
      // Distinct birth dates and phones: the duplicate-patient check refuses near-identical people.
      return patientsService.create({
        firstName: 'Margaret',
        lastName: `Hill${n}`,
        dateOfBirth: new Date(Date.UTC(1940, 0, 1 + n * 53)).toISOString().slice(0, 10),
        phone: `+1 212 555 ${String(1000 + n).padStart(4, '0')}`,
      });
    }),
  );
  // Walk-ins as the check-in leaves them: prescribing reads only their status, doctor, patient and location.
  const visits = patients.map((patient, v) => ({
    id: newId(),
    bookingReference: `RX${String(d * VISITS_PER_DOCTOR + v).padStart(6, '0')}`,
    doctorId: doctor.id,
    patientId: patient.id,
    locationId: location.id,
    startAt: now,
    endAt: new Date(now.getTime() + 15 * 60_000),
    status: 'checked_in' as const,
    walkIn: true,
    checkedInAt: now,
  }));
  await app.db.insert(appointments).values(visits);
  const visitIds = visits.map((v) => v.id);
  doctorsOut.push({ token: app.signAccessToken(claimsOf(principal)), visitIds });
}

// The typical script for the PDF runs: an antibiotic and two analgesics, as after a chest infection.
const TYPICAL = [
  {
    genericName: 'amoxicillin',
    strength: '500 mg',
    dose: '1 capsule',
    frequency: 'three times daily',
    durationDays: 7,
    quantity: 21,
    instructions: 'Take with food; finish the course',
  },
  {
    genericName: 'paracetamol',
    strength: '500 mg',
    dose: '2 tablets',
    frequency: 'every 6 hours when needed',
    durationDays: 5,
    quantity: 40,
    instructions: 'No more than 8 tablets in 24 hours',
  },
  {
    genericName: 'ibuprofen',
    strength: '400 mg',
    dose: '1 tablet',
    frequency: 'three times daily after meals',
    durationDays: 5,
    quantity: 15,
    instructions: 'Stop and call if you get stomach pain',
  },
];
const catalogue = await app.db
  .select({ id: medications.id, genericName: medications.genericName, strength: medications.strength })
  .from(medications)
  .where(and(eq(medications.active, true), eq(medications.controlled, false)))
  .orderBy(asc(medications.genericName));
const typicalItems = TYPICAL.map(({ genericName, strength, ...item }) => {
  const found = catalogue.find((m) => m.genericName === genericName && m.strength === strength);
  if (!found) throw new Error(`no ${genericName} ${strength} in the catalogue`);
  return { medicationId: found.id, ...item };
});
// The load's items: three different generics per group, none controlled nor among the typical
// script's, so a patient meets a generic again (a DUPLICATE_THERAPY warning) only after GROUPS
// prescriptions, as in a clinic rather than a loop.
const typicalGenerics = new Set(TYPICAL.map((t) => t.genericName));
const oneEach = [...new Map(catalogue.filter((m) => !typicalGenerics.has(m.genericName)).map((m) => [m.genericName, m.id])).values()];
if (oneEach.length < GROUPS * 3) throw new Error(`the catalogue has only ${oneEach.length} usable generics`);
const medicineGroups = Array.from({ length: GROUPS }, (_, g) => oneEach.slice(g * 3, g * 3 + 3));

const typical = await app.inject({
  method: 'POST',
  url: `/api/appointments/${doctorsOut[0]!.visitIds[0]}/prescriptions`,
  headers: { authorization: `Bearer ${doctorsOut[0]!.token}` },
  payload: {
    diagnosis: 'Community-acquired pneumonia',
    advice: 'Drink plenty of fluids. Come back if the fever lasts more than three days.',
    testsOrdered: [{ name: 'Full blood count', priority: 'urgent' }],
    refills: 1,
    items: typicalItems,
  },
});
const typicalId = typical.json().id as string;
const signed = await app.inject({
  method: 'POST',
  url: `/api/prescriptions/${typicalId}/sign`,
  headers: { authorization: `Bearer ${doctorsOut[0]!.token}` },
});
if (typical.statusCode !== 201 || signed.statusCode !== 200) throw new Error(`typical prescription: ${typical.body} ${signed.body}`);

await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(
  JSON.stringify({
    port: typeof address === 'object' && address ? address.port : 0,
    doctors: doctorsOut,
    medicineGroups,
    typical: { id: typicalId, printout: printoutOf(await loadPrescription(app.db, typicalId), app.config.publicUrl) },
  }),
);

// Close first (the outbox poller stops), then drop: dropping under a running hub logs its failed polls.
process.on('SIGTERM', async () => {
  await app.close();
  await dropScratch(config, database);
  process.exit(0);
});
