// Runs once before the suite: builds the web client (browser tests drive the built app), gives
// every test file the URL of a MongoDB (MONGO_URL if set, otherwise the wire-protocol test double
// started here), and fails fast with a clear message when MariaDB/MySQL or Redis are not reachable.
import { Redis } from 'ioredis';
import { build } from 'vite';
import mysql from 'mysql2/promise';
import type { TestProject } from 'vitest/node';
import { testEnv } from './env.js';
import { startMongoDouble } from './mongo-double/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUrl: string;
  }
}

async function checkServices(): Promise<void> {
  const env = testEnv();
  const conn = await mysql.createConnection({ uri: env.mysqlServerUrl }).catch((err: Error) => {
    throw new Error(`MySQL/MariaDB is not reachable at ${env.mysqlServerUrl}: ${err.message}`);
  });
  await conn.end();
  const redis = new Redis(env.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect().catch((err: Error) => {
    throw new Error(`Redis is not reachable at ${env.redisUrl}: ${err.message}`);
  });
  await redis.quit();
}

export default async function setup(project: TestProject) {
  await checkServices();
  // A production build, as users get it (vitest itself runs with NODE_ENV=test).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: 'client/vite.config.ts', logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const env = testEnv();
  if (env.mongoUrl) {
    project.provide('mongoUrl', env.mongoUrl);
    return;
  }
  const double = await startMongoDouble();
  project.provide('mongoUrl', double.url);
  return async () => {
    await double.close();
  };
}
