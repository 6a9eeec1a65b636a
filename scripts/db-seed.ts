// `npm run db:seed`: loads the demo clinic into MYSQL_URL and MONGO_URL (run db:migrate first). Idempotent.

import { MongoClient } from 'mongodb';
import { createMysql } from '../db/mysql.js';
import { loadConfig } from '../server/config.js';
import { runCli } from './cli.js';
import { DEMO_PASSWORD, STAFF } from './seed/demo-clinic.js';
import { seedDemoClinic } from './seed/seed.js';

await runCli(async () => {
  const config = loadConfig();
  const mysql = createMysql(config.mysqlUrl, { connectionLimit: 2 });
  const mongo = new MongoClient(config.mongoUrl, { serverSelectionTimeoutMS: 10_000 });
  try {
    const summary = await seedDemoClinic(mysql.db, mongo.db(), (line) => console.log(line));
    console.log(`\nDemo logins (password "${DEMO_PASSWORD}"): ${STAFF.map((s) => s.email).join(', ')},`);
    console.log(
      '  doctors ana.costa@clinic.example … farid.haddad@clinic.example, patients patient01@mail.example … patient10@mail.example',
    );
    for (const d of summary.displayTokens) console.log(`Display token for ${d.location} (shown once): ${d.token}`);
  } finally {
    await Promise.all([mysql.close(), mongo.close()]);
  }
});
