// The real hub app (production logging level, JWT checks, response schemas) on a scratch
// database with one admin; prints its port and an access token for the bench to use.
import { migrateMysql } from '../../db/migrate-mysql.js';
import { buildApp } from '../../server/app.js';
import { insertLogin } from '../../server/modules/users/repository.js';
import { benchDatabase, dropScratch, scratchConfig } from './scratch.js';

const database = benchDatabase('http');
const config = scratchConfig(database);
await migrateMysql(config.mysqlUrl);
const app = await buildApp(config);
await insertLogin(app.db, {
  email: 'bench@clinic.example',
  password: 'bench password',
  role: 'admin',
  firstName: 'Bench',
  lastName: 'Mark',
});
await app.listen({ port: 0, host: '127.0.0.1' });
const login = await app.inject({
  method: 'POST',
  url: '/api/auth/login',
  payload: { email: 'bench@clinic.example', password: 'bench password' },
});
const address = app.server.address();
console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, token: login.json().accessToken }));

process.on('SIGTERM', async () => {
  await app.close();
  await dropScratch(config, database);
  process.exit(0);
});
