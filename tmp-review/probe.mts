import mysql from 'mysql2/promise';
import { Redis } from 'ioredis';
import { migrateMysql } from '../db/migrate-mysql.js';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { insertLogin } from '../server/modules/users/service.js';
import { LocationsService } from '../server/modules/locations/service.js';
import { DoctorsService } from '../server/modules/doctors/service.js';
import { startMongoDouble } from '../tests/support/mongo-double/index.js';

const name = `review_${Date.now().toString(36)}`;
const md = await startMongoDouble({ port: 0 });
const env = { NODE_ENV: 'test', MYSQL_URL: `mysql://root@127.0.0.1:3306/${name}`, MONGO_URL: md.url.replace("/?", `/${name}?`), REDIS_PREFIX: name, LOG_LEVEL: process.env.LL ?? 'silent' };
const config = loadConfig(env);
await migrateMysql(config.mysqlUrl);
const app = await buildApp(config);
await app.ready();
const db = app.db;
const PW = 'correct horse battery';
await insertLogin(db, { email: 'admin@x.example', password: PW, role: 'admin', firstName: 'A', lastName: 'B' });
await insertLogin(db, { email: 'rec@x.example', password: PW, role: 'receptionist', firstName: 'R', lastName: 'B' });
const loc = await new LocationsService(db).create({ name: 'L', address: 'a', phone: '+49 30 1234567', timezone: 'Europe/Berlin' });
const doc = await new DoctorsService(db).create({ firstName: 'D', lastName: 'O', email: 'doc@x.example', password: PW, specialization: 'GP', licenseNumber: 'MD-1', locationId: loc.id, room: '1', consultationMinutes: 15 });
const login = async (email: string) => (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: PW } })).json();
const admin = await login('admin@x.example');
const rec = await login('rec@x.example');
const docl = await login('doc@x.example');
const H = (t: string) => ({ authorization: `Bearer ${t}` });
const ctx = { app, db, loc, doc, admin, rec, docl, H, PW, config };
try {
  const mod = await import(process.argv[2]!);
  await mod.default(ctx);
} finally {
  await app.close();
  const c = await mysql.createConnection({ uri: 'mysql://root@127.0.0.1:3306/' });
  await c.query(`DROP DATABASE IF EXISTS \`${name}\``); await c.end();
  const r = new Redis(); const keys = await r.keys(`${name}:*`); if (keys.length) await r.del(...keys); await r.quit();
  await md.close?.();
  process.exit(0);
}
