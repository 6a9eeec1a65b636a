// One hub node for bench/board-fanout.ts. The first node (BENCH_ROLE=primary) migrates a
// scratch database and sets up a location, a doctor, a receptionist, a screen and patients;
// further nodes share its database and Redis prefix. Each prints its port as a JSON line, its
// event-loop delay when it is stopped, and a sample of itself on SIGUSR2.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { migrateMysql } from '../../db/migrate-mysql.js';
import { displayDevices } from '../../db/schema/index.js';
import { buildApp } from '../../server/app.js';
import { newDisplayToken } from '../../server/modules/displays/tokens.js';
import { DoctorsService } from '../../server/modules/doctors/service.js';
import { LocationsService } from '../../server/modules/locations/service.js';
import { PatientsService } from '../../server/modules/patients/service.js';
import { insertLogin } from '../../server/modules/users/repository.js';
import { benchDatabase, dropScratch, scratchConfig } from './scratch.js';

const database = benchDatabase('live');
const primary = process.env.BENCH_ROLE !== 'secondary';
const config = scratchConfig(database);
if (primary) await migrateMysql(config.mysqlUrl);
const app = await buildApp(config);
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
let info: Record<string, unknown> = {};
if (primary) {
  const location = await new LocationsService(app.db).create({
    name: 'Bench',
    address: '1 Bench St',
    phone: '+1 212 555 0100',
    timezone: 'UTC',
  });
  const doctor = await new DoctorsService(app.db).create({
    firstName: 'Bench',
    lastName: 'Doctor',
    email: 'doctor@bench.example',
    specialization: 'General',
    licenseNumber: 'BENCH-1',
    locationId: location.id,
    room: '1',
    consultationMinutes: 15,
  });
  await insertLogin(app.db, {
    email: 'desk@bench.example',
    password: 'bench password',
    role: 'receptionist',
    firstName: 'Desk',
    lastName: 'Bench',
  });
  const patients = new PatientsService(app.db, 'UTC');
  const patientIds: string[] = [];
  // One patient per walk-in the bench makes (BENCH_PATIENTS): a patient joins a queue once a day.
  for (let i = 0; i < Number(process.env.BENCH_PATIENTS ?? 40); i++)
    patientIds.push(
      (await patients.create({ firstName: 'Bench', lastName: `P${i}`, dateOfBirth: '1980-01-01', phone: '+1 212 555 0101' })).id,
    );
  const { token, tokenHash } = newDisplayToken();
  await app.db.insert(displayDevices).values({ locationId: location.id, name: 'Bench screen', tokenHash });
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: 'desk@bench.example', password: 'bench password' },
  });
  info = { database, locationId: location.id, doctorId: doctor.id, patientIds, displayToken: token, deskToken: login.json().accessToken };
}
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, ...info }));

// SIGUSR2: a sample of this node now (memory, open sockets, event-loop delay since the last
// sample), then the delay histogram starts again (bench/idle-sockets.ts takes one before and one
// after its hold).
const beyond = (ns: number) => Math.max(0, ns / 1e6 - 10);
process.on('SIGUSR2', () => {
  const memory = process.memoryUsage();
  const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
  console.log(
    JSON.stringify({
      sample: {
        rssMb: mb(memory.rss),
        heapUsedMb: mb(memory.heapUsed),
        sockets: app.io.of('/').sockets.size,
        // The histogram's values include its 10 ms sampling interval: the delay is what is beyond it.
        eventLoopDelayMs: { p50: beyond(lag.percentile(50)), p99: beyond(lag.percentile(99)), max: beyond(lag.max) },
      },
    }),
  );
  lag.reset();
});

process.on('SIGTERM', async () => {
  lag.disable();
  console.log(JSON.stringify({ eventLoopDelayMs: { p50: lag.percentile(50) / 1e6, p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 } }));
  await app.close();
  if (primary) await dropScratch(config, database);
  process.exit(0);
});
