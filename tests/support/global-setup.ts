// Runs once before the suite: builds the web client (browser tests drive the built app), gives
// every test file the URL of a MongoDB (MONGO_URL if set, otherwise the wire-protocol test double
// started here), and fails fast with a clear message when MariaDB/MySQL or Redis are not reachable.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { testEnv } from './env.js';
import { startMongoDouble } from './mongo-double/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUrl: string;
  }
}

/** The newest modification time of any file below `dir`. */
function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
    const path = join(dir, entry.name);
    return Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }, 0);
}

/**
 * Builds the client for production (as users get it; vitest itself runs with NODE_ENV=test),
 * unless dist/client is already newer than every source file: a second test run started while
 * one is going must not empty the folder the first one's servers are serving.
 */
async function buildClientIfStale(): Promise<void> {
  const built = existsSync('dist/client/index.html') ? statSync('dist/client/index.html').mtimeMs : 0;
  if (built > newest('client')) return;
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: 'client/vite.config.ts', logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
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
  await buildClientIfStale();
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
