// The hub for bench/payments.ts, on a scratch database: one UTC location (USD), a receptionist tied
// to it, one doctor, and 16 patients (one per bench connection), each with completed walk-in visits
// and their invoices, made through the ledger (createInvoice + addLines, with invoice.created, as a
// completed visit's billing does) rather than by completing visits, so that the amounts are large:
// - spread: each connection's patient has INVOICES_PER_CLIENT invoices of one line of
//   MAX_LINE_MINOR (100,000,000 minor units), a million payments of 100 each;
// - contention: one invoice of MAX_INVOICE_MINOR (ten lines of MAX_LINE_MINOR) for everybody;
// - drain: one invoice of exactly DRAIN_PAYMENTS × 100, paid down to 0 by all connections.
// Online payment is on: STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and STRIPE_API_URL come from the
// bench (its Stripe fake; a payment_intent.succeeded that fits the balance never calls Stripe).
// RATE_LIMIT_STRIPE_WEBHOOK is raised to 10,000,000 here: the webhook is a public route, limited per
// address (600 a minute by default), and every event of the bench comes from 127.0.0.1.
// Progress goes to stderr; then one JSON line on stdout: the port, the database (the bench checks
// the ledger there), the receptionist's token, each connection's invoices, the contention and drain
// invoices, and the currency.
import { newId } from '../../db/ids.js';
import { appointments } from '../../db/schema/index.js';
import { transactionWithRetry } from '../../db/transactions.js';
import { claimsOf } from '../../server/modules/auth/access-token.js';
import { appendBillingEvent } from '../../server/modules/billing/events.js';
import { addLines, createInvoice, MAX_INVOICE_MINOR, MAX_LINE_MINOR } from '../../server/modules/billing/ledger.js';
import { DoctorsService } from '../../server/modules/doctors/service.js';
import { LocationsService } from '../../server/modules/locations/service.js';
import { PatientsService } from '../../server/modules/patients/service.js';
import { insertLogin, loadPrincipal, setUserLocations } from '../../server/modules/users/repository.js';
import { benchDatabase, dropScratch, scratchHub } from './scratch.js';

const CONNECTIONS = 16;
const INVOICES_PER_CLIENT = 4;
/** The drain invoice owes exactly this many payments of 100. */
const DRAIN_PAYMENTS = 400;
const PAYMENT_MINOR = 100;

const database = benchDatabase('pay');
const stripeEnv = Object.fromEntries(
  (['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_API_URL'] as const).map((name) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: bench/payments.ts passes it`);
    return [name, value];
  }),
);
const { config, app } = await scratchHub(database, { ...stripeEnv, RATE_LIMIT_STRIPE_WEBHOOK: '10000000' });
const progress = (line: string) => process.stderr.write(`  hub: ${line}\n`);

const location = await new LocationsService(app.db).create({
  name: 'Riverside Family Clinic',
  address: '12 Mill Lane, Springfield',
  phone: '+1 212 555 0100',
  timezone: 'UTC',
});
const receptionistId = await insertLogin(app.db, {
  email: 'reception@bench.example',
  password: null,
  role: 'receptionist',
  firstName: 'Rosa',
  lastName: 'Delgado',
});
await setUserLocations(app.db, receptionistId, [location.id]);
const doctor = await new DoctorsService(app.db).create({
  firstName: 'Anna',
  lastName: 'Kowalska',
  email: 'billing.doctor@bench.example',
  specialization: 'General practice',
  licenseNumber: 'GMC-7012301',
  locationId: location.id,
  room: '1',
  consultationMinutes: 15,
});
const receptionistToken = app.signAccessToken(claimsOf((await loadPrincipal(app.db, receptionistId))!));

// --- the visits and their invoices ---------------------------------------------------------------
const patientsService = new PatientsService(app.db, 'UTC');
const now = new Date();
let visitNumber = 0;
/** A walk-in completed a moment ago, as the lifecycle leaves it; invoices read only its patient and location. */
async function completedVisit(patientId: string): Promise<string> {
  const id = newId();
  await app.db.insert(appointments).values({
    id,
    bookingReference: `BL${String(visitNumber++).padStart(6, '0')}`,
    doctorId: doctor.id,
    patientId,
    locationId: location.id,
    startAt: new Date(now.getTime() - 20 * 60_000),
    endAt: new Date(now.getTime() - 5 * 60_000),
    status: 'completed',
    walkIn: true,
    checkedInAt: new Date(now.getTime() - 30 * 60_000),
    startedAt: new Date(now.getTime() - 20 * 60_000),
    completedAt: now,
  });
  return id;
}

/** An open invoice of the visit's patient with one line per amount, numbered, with its invoice.created event. */
async function invoiceOf(patientId: string, amounts: number[]): Promise<string> {
  const appointmentId = await completedVisit(patientId);
  return transactionWithRetry(app.db, async (tx) => {
    const invoice = await createInvoice(tx, {
      patientId,
      appointmentId,
      visitAppointmentId: appointmentId,
      locationId: location.id,
      currency: location.currency,
      createdBy: null,
    });
    const billed = await addLines(
      tx,
      invoice,
      amounts.map((unitAmountMinor, i) => ({
        kind: i === 0 ? ('consultation' as const) : ('other' as const),
        description: i === 0 ? 'Consultation' : `Procedure ${i}`,
        quantity: 1,
        unitAmountMinor,
        createdBy: null,
      })),
      { bySystem: true },
    );
    await appendBillingEvent(tx, 'invoice.created', billed);
    return billed.id;
  });
}

const clients: { invoices: string[] }[] = [];
const patientIds: string[] = [];
for (let c = 0; c < CONNECTIONS; c++) {
  const patient = await patientsService.create({
    firstName: 'Walter',
    lastName: `Price${c}`,
    dateOfBirth: new Date(Date.UTC(1950, 0, 1 + c * 53)).toISOString().slice(0, 10),
    phone: `+1 212 555 ${String(2000 + c).padStart(4, '0')}`,
  });
  patientIds.push(patient.id);
  const invoices: string[] = [];
  for (let i = 0; i < INVOICES_PER_CLIENT; i++) invoices.push(await invoiceOf(patient.id, [MAX_LINE_MINOR]));
  clients.push({ invoices });
}
const contentionInvoiceId = await invoiceOf(
  patientIds[0]!,
  Array.from({ length: MAX_INVOICE_MINOR / MAX_LINE_MINOR }, () => MAX_LINE_MINOR),
);
const drainTotal = DRAIN_PAYMENTS * PAYMENT_MINOR;
const drainInvoiceId = await invoiceOf(patientIds[1]!, [drainTotal]);
progress(`${CONNECTIONS} patients, ${CONNECTIONS * INVOICES_PER_CLIENT + 2} completed visits with their invoices`);

await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(
  JSON.stringify({
    port: typeof address === 'object' && address ? address.port : 0,
    database,
    currency: location.currency,
    receptionist: { token: receptionistToken, userId: receptionistId },
    clients,
    contention: { invoiceId: contentionInvoiceId, totalMinor: MAX_INVOICE_MINOR },
    drain: { invoiceId: drainInvoiceId, totalMinor: drainTotal, payments: DRAIN_PAYMENTS, paymentMinor: PAYMENT_MINOR },
  }),
);

// Close first (the outbox poller stops), then drop: dropping under a running hub logs its failed polls.
// The scratch database and the Redis keys under its prefix go even if closing fails.
process.on('SIGTERM', async () => {
  await app.close().catch((err) => process.stderr.write(`  hub: closing failed: ${err}\n`));
  await dropScratch(config, database);
  process.exit(0);
});
