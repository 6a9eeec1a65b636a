// The hub for bench/dispense.ts, on a scratch database (the catalogue is loaded by the migration):
// one UTC location with a pharmacist tied to it, 51 non-controlled catalogue medicines in stock
// there, and signed prescriptions written through the API by one doctor for 16 patients (one per
// bench connection, a checked-in walk-in per prescription).
// - The spread run's 50 medicines: two lots each (one expiring in 6 months with ample stock, one in
//   18 months), so a dispense without a lot locks both and takes from the first-expiring one.
//   Each connection's patient has 10 prescriptions of 5 of them, covering all 50, 1,000 of each.
// - The contention run's medicine: ONE lot of CONTENTION_STOCK; each patient has one prescription
//   of it for 10,000, so 16 connections all take from that lot.
// Stock arrives as deliveries through POST /api/inventory/lots (each a 'received' ledger entry).
// Progress goes to stderr; then one JSON line on stdout: the port, the database (the bench reads
// the contention lot's ledger there), the location, the pharmacist's token and user id, each connection's spread
// items in medicine order and its contention item, and the contention lot's id and stock.
import { and, asc, eq } from 'drizzle-orm';
import { newId } from '../../db/ids.js';
import { appointments, medications } from '../../db/schema/index.js';
import { claimsOf } from '../../server/modules/auth/access-token.js';
import { DoctorsService } from '../../server/modules/doctors/service.js';
import { LocationsService } from '../../server/modules/locations/service.js';
import { PatientsService } from '../../server/modules/patients/service.js';
import { insertLogin, loadPrincipal, setUserLocations } from '../../server/modules/users/repository.js';
import { benchDatabase, dropScratch, scratchHub } from './scratch.js';

const CONNECTIONS = 16;
const MEDICINES = 50;
const ITEMS_PER_PRESCRIPTION = 5;
const SPREAD_QUANTITY = 1_000;
const CONTENTION_QUANTITY = 10_000;
const FIRST_LOT_STOCK = 100_000;
const CONTENTION_STOCK = 100_000;

const database = benchDatabase('disp');
const { config, app } = await scratchHub(database);
const progress = (line: string) => process.stderr.write(`  hub: ${line}\n`);

const location = await new LocationsService(app.db).create({
  name: 'Riverside Family Clinic',
  address: '12 Mill Lane, Springfield',
  phone: '+1 212 555 0100',
  timezone: 'UTC',
});
const pharmacistId = await insertLogin(app.db, {
  email: 'pharmacist@bench.example',
  password: null,
  role: 'pharmacist',
  firstName: 'Priya',
  lastName: 'Shah',
});
await setUserLocations(app.db, pharmacistId, [location.id]);
const doctor = await new DoctorsService(app.db).create({
  firstName: 'Anna',
  lastName: 'Kowalska',
  email: 'disp.doctor@bench.example',
  specialization: 'General practice',
  licenseNumber: 'GMC-7012300',
  locationId: location.id,
  room: '1',
  consultationMinutes: 15,
});
const tokenOf = async (userId: string) => app.signAccessToken(claimsOf((await loadPrincipal(app.db, userId))!));
const doctorToken = await tokenOf(doctor.userId);

// --- the medicines and their stock -------------------------------------------------------------
const catalogue = await app.db
  .select({ id: medications.id })
  .from(medications)
  .where(and(eq(medications.active, true), eq(medications.controlled, false)))
  .orderBy(asc(medications.genericName), asc(medications.strength));
if (catalogue.length < MEDICINES + 1) throw new Error(`the catalogue has only ${catalogue.length} usable medicines`);
const spreadMedicines = catalogue.slice(0, MEDICINES).map((m) => m.id);
const contentionMedicine = catalogue[MEDICINES]!.id;

const inMonths = (months: number) => {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
};
const pharmacistToken = await tokenOf(pharmacistId);
/** A delivery, as the pharmacist receives one: a new lot and its 'received' ledger entry. */
async function receive(medicationId: string, batchNumber: string, expiresOn: string, quantity: number): Promise<string> {
  const received = await app.inject({
    method: 'POST',
    url: '/api/inventory/lots',
    headers: { authorization: `Bearer ${pharmacistToken}` },
    payload: {
      locationId: location.id,
      medicationId,
      batchNumber,
      expiresOn,
      quantity,
      unitCostMinor: 120,
      unitPriceMinor: 250,
      supplier: 'Bench Wholesale Ltd',
    },
  });
  if (received.statusCode !== 201) throw new Error(`delivery ${received.statusCode}: ${received.body}`);
  return received.json().id as string;
}
for (const [m, medicationId] of spreadMedicines.entries()) {
  await receive(medicationId, `B${m}-A`, inMonths(6), FIRST_LOT_STOCK);
  await receive(medicationId, `B${m}-B`, inMonths(18), 1_000);
}
const contentionLotId = await receive(contentionMedicine, 'BC-1', inMonths(12), CONTENTION_STOCK);
progress(`${MEDICINES} medicines with two lots each, one with a single lot of ${CONTENTION_STOCK.toLocaleString('en-US')}`);

// --- the prescriptions -------------------------------------------------------------------------
const patientsService = new PatientsService(app.db, 'UTC');
const now = new Date();
const spreadGroups = Array.from({ length: MEDICINES / ITEMS_PER_PRESCRIPTION }, (_, g) =>
  spreadMedicines.slice(g * ITEMS_PER_PRESCRIPTION, (g + 1) * ITEMS_PER_PRESCRIPTION),
);
const perPatient = spreadGroups.length + 1;
let written = 0;
interface DispensableItem {
  prescriptionId: string;
  itemId: string;
}

/** Writes and signs one prescription through the API; answers its items in item order. */
async function prescribe(visitId: string, medicineIds: string[], quantity: number): Promise<DispensableItem[]> {
  const headers = { authorization: `Bearer ${doctorToken}` };
  const items = medicineIds.map((medicationId) => ({
    medicationId,
    dose: '1 tablet',
    frequency: 'twice daily',
    durationDays: 7,
    quantity,
  }));
  const created = await app.inject({
    method: 'POST',
    url: `/api/appointments/${visitId}/prescriptions`,
    headers,
    payload: { items, diagnosis: 'Bench visit' },
  });
  if (created.statusCode !== 201) throw new Error(`create ${created.statusCode}: ${created.body}`);
  const signed = await app.inject({ method: 'POST', url: `/api/prescriptions/${created.json().id}/sign`, headers });
  if (signed.statusCode !== 200) throw new Error(`sign ${signed.statusCode}: ${signed.body}`);
  if (++written % 44 === 0) progress(`${written}/${CONNECTIONS * perPatient} prescriptions written and signed`);
  const prescription = signed.json() as { id: string; items: { id: string; medicationId: string }[] };
  return medicineIds.map((medicationId) => ({
    prescriptionId: prescription.id,
    itemId: prescription.items.find((i) => i.medicationId === medicationId)!.id,
  }));
}

const connections: { spread: DispensableItem[]; contention: DispensableItem }[] = [];
for (let c = 0; c < CONNECTIONS; c++) {
  const patient = await patientsService.create({
    firstName: 'Margaret',
    lastName: `Hill${c}`,
    dateOfBirth: new Date(Date.UTC(1940, 0, 1 + c * 53)).toISOString().slice(0, 10),
    phone: `+1 212 555 ${String(1000 + c).padStart(4, '0')}`,
  });
  // Walk-ins as the check-in leaves them: prescribing reads only their status, doctor, patient and location.
  const visits = Array.from({ length: perPatient }, (_, v) => ({
    id: newId(),
    bookingReference: `DS${String(c * perPatient + v).padStart(6, '0')}`,
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
  // One patient's prescriptions at once: they share the counter row, but their commits share fsyncs.
  const itemGroups = await Promise.all(spreadGroups.map((group, g) => prescribe(visits[g]!.id, group, SPREAD_QUANTITY)));
  const [contention] = await prescribe(visits[perPatient - 1]!.id, [contentionMedicine], CONTENTION_QUANTITY);
  connections.push({ spread: itemGroups.flat(), contention: contention! });
}

await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(
  JSON.stringify({
    port: typeof address === 'object' && address ? address.port : 0,
    database,
    locationId: location.id,
    pharmacist: { token: pharmacistToken, userId: pharmacistId },
    connections,
    contention: { lotId: contentionLotId, stock: CONTENTION_STOCK },
  }),
);

// Close first (the outbox poller stops), then drop: dropping under a running hub logs its failed polls.
// The scratch database and the Redis keys under its prefix go even if closing fails.
process.on('SIGTERM', async () => {
  await app.close().catch((err) => process.stderr.write(`  hub: closing failed: ${err}\n`));
  await dropScratch(config, database);
  process.exit(0);
});
