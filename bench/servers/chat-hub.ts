// One hub node for bench/chat.ts. The primary (BENCH_ROLE=primary) migrates a scratch database
// and creates 20 doctors with 10 patients each, a visit and a thread per pair, and mints access
// tokens for them (the bench knows the scratch secret). MONGO_URL is passed in by the bench.

import { eq } from 'drizzle-orm';
import { newId } from '../../db/ids.js';
import { migrateMysql } from '../../db/migrate-mysql.js';
import { setupMongo } from '../../db/mongo/setup.js';
import { appointments, doctors } from '../../db/schema/index.js';
import { buildApp } from '../../server/app.js';
import { claimsOf } from '../../server/modules/auth/access-token.js';
import { DoctorsService } from '../../server/modules/doctors/service.js';
import { LocationsService } from '../../server/modules/locations/service.js';
import { MessagingService } from '../../server/modules/messaging/service.js';
import { messagingStore } from '../../server/modules/messaging/store.js';
import { PatientsService } from '../../server/modules/patients/service.js';
import { insertLogin, loadPrincipal } from '../../server/modules/users/repository.js';
import { benchDatabase, dropScratch, scratchConfig } from './scratch.js';

const database = benchDatabase('chat');
const primary = process.env.BENCH_ROLE !== 'secondary';
const config = scratchConfig(database);
config.auth = { ...config.auth, accessTokenTtlSeconds: 3600 };
if (primary) await migrateMysql(config.mysqlUrl);
const app = await buildApp(config);
let info: Record<string, unknown> = {};
if (primary) {
  await setupMongo(app.mongo.db);
  const location = await new LocationsService(app.db).create({
    name: 'Chat',
    address: '1 Chat St',
    phone: '+1 212 555 0100',
    timezone: 'UTC',
  });
  const messaging = new MessagingService(app.db, messagingStore(app.mongo.db), app.config);
  const pairs: { threadId: string; patientToken: string; doctorToken: string; doctorIndex: number }[] = [];
  const doctorTokens: string[] = [];
  for (let d = 0; d < 20; d++) {
    const doc = await new DoctorsService(app.db).create({
      firstName: 'Chat',
      lastName: `Doctor${d}`,
      email: `chat.doctor${d}@bench.example`,
      specialization: 'General',
      licenseNumber: `CHAT-${d}`,
      locationId: location.id,
      room: String(d),
      consultationMinutes: 15,
    });
    const doctorPrincipal = (await loadPrincipal(app.db, doc.userId))!;
    doctorTokens.push(app.signAccessToken(claimsOf(doctorPrincipal)));
    for (let k = 0; k < 10; k++) {
      const userId = await insertLogin(app.db, {
        email: `chat.p${d}.${k}@bench.example`,
        password: null,
        role: 'patient',
        firstName: 'Chat',
        lastName: `Patient${d}-${k}`,
      });
      const patient = await new PatientsService(app.db, 'UTC').create({
        firstName: 'Chat',
        lastName: `Patient${d}-${k}`,
        dateOfBirth: '1980-01-01',
        phone: '+1 212 555 0101',
      });
      const { patients } = await import('../../db/schema/index.js');
      await app.db.update(patients).set({ userId }).where(eq(patients.id, patient.id));
      const start = new Date(Date.now() - 86_400_000 * (k + 1));
      await app.db.insert(appointments).values({
        id: newId(),
        bookingReference: `C${String(d).padStart(2, '0')}-${String(k).padStart(4, '0')}`,
        doctorId: doc.id,
        patientId: patient.id,
        locationId: location.id,
        startAt: start,
        endAt: new Date(start.getTime() + 900_000),
        status: 'completed',
      });
      const patientPrincipal = (await loadPrincipal(app.db, userId))!;
      const { thread } = await messaging.open(patientPrincipal, { doctorId: doc.id });
      pairs.push({
        threadId: thread.id,
        patientToken: app.signAccessToken(claimsOf(patientPrincipal)),
        doctorToken: doctorTokens[d]!,
        doctorIndex: d,
      });
    }
  }
  const [firstDoctor] = await app.db.select({ id: doctors.id }).from(doctors).limit(1);
  info = { database, pairs, doctorTokens, firstDoctor: firstDoctor?.id };
}
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, ...info }));
process.on('SIGTERM', async () => {
  await app.close();
  if (primary) await dropScratch(config, database);
  process.exit(0);
});
