// `npm run db:migrate`: brings MySQL (creating the database if needed) and MongoDB up to date.
// Safe to run again and again; prints each step.
import { MongoClient } from 'mongodb';
import { migrateMysql } from '../db/migrate-mysql.js';
import { setupMongo } from '../db/mongo/setup.js';
import { loadConfig } from '../server/config.js';
import { runCli } from './cli.js';

await runCli(async () => {
  const config = loadConfig();
  const log = (line: string) => console.log(line);
  await migrateMysql(config.mysqlUrl, log);
  const client = new MongoClient(config.mongoUrl, { serverSelectionTimeoutMS: 10_000 });
  try {
    await setupMongo(client.db(), log);
  } finally {
    await client.close();
  }
  log('migrate: done');
});
