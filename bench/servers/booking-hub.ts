// The hub on a scratch database with 50 doctors at one UTC location, each working every day
// 00:00-23:45 with 15-minute visits, a receptionist and a patient. Prints what the bench needs.
import { migrateMysql } from '../../db/migrate-mysql.js';
import { doctors, scheduleRules } from '../../db/schema/index.js';
import { buildApp } from '../../server/app.js';
import { LocationsService } from '../../server/modules/locations/service.js';
import { PatientsService } from '../../server/modules/patients/service.js';
import { insertLogin } from '../../server/modules/users/repository.js';
import { benchDatabase, dropScratch, scratchConfig } from './scratch.js';

const DOCTORS = 50;
const database = benchDatabase('booking');
// The bench may size the request pool like its raw-transaction baseline (MYSQL_POOL_SIZE); else the default.
const config = scratchConfig(database, process.env.MYSQL_POOL_SIZE ? { MYSQL_POOL_SIZE: process.env.MYSQL_POOL_SIZE } : {});
await migrateMysql(config.mysqlUrl);
const app = await buildApp(config);
const location = await new LocationsService(app.db).create({
  name: 'Bench',
  address: '1 Bench St',
  phone: '+1 212 555 0100',
  timezone: 'UTC',
});
await insertLogin(app.db, {
  email: 'desk@bench.example',
  password: 'bench password',
  role: 'receptionist',
  firstName: 'Desk',
  lastName: 'Bench',
});
const patient = await new PatientsService(app.db, 'UTC').create({
  firstName: 'Bench',
  lastName: 'Patient',
  dateOfBirth: '1980-01-01',
  phone: '+1 212 555 0101',
});
const doctorIds: string[] = [];
for (let i = 0; i < DOCTORS; i++) {
  const userId = await insertLogin(app.db, {
    email: `doc${i}@bench.example`,
    password: null,
    role: 'doctor',
    firstName: 'Doc',
    lastName: `${i}`,
  });
  const { specialties } = await import('../../db/schema/index.js');
  if (i === 0) await app.db.insert(specialties).values({ id: '01BENCHSPECIALTY000000000A', name: 'General' });
  const [row] = await app.db
    .insert(doctors)
    .values({
      userId,
      firstName: 'Doc',
      lastName: `${i}`,
      specialtyId: '01BENCHSPECIALTY000000000A',
      licenseNumber: `B-${i}`,
      locationId: location.id,
      room: `${i}`,
      consultationMinutes: 15,
      ticketPrefix: `D${i}`.slice(0, 3),
    })
    .$returningId();
  doctorIds.push(row!.id);
  await app.db.insert(scheduleRules).values(
    [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      doctorId: row!.id,
      locationId: location.id,
      weekday,
      startTime: '00:00:00',
      endTime: '23:45:00',
      breaks: [],
    })),
  );
}
await app.listen({ port: 0, host: '127.0.0.1' });
const login = await app.inject({
  method: 'POST',
  url: '/api/auth/login',
  payload: { email: 'desk@bench.example', password: 'bench password' },
});
const address = app.server.address();
console.log(
  JSON.stringify({
    port: typeof address === 'object' && address ? address.port : 0,
    token: login.json().accessToken,
    doctorIds,
    patientId: patient.id,
  }),
);

process.on('SIGTERM', async () => {
  await app.close();
  await dropScratch(config, database);
  process.exit(0);
});
