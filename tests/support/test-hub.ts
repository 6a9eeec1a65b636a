// One isolated hub per test file: its own MySQL database (migrated), Redis key prefix and Mongo
// database, all removed again by close(). The app is built in-process with buildApp().
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import mysql from 'mysql2/promise';
import { inject } from 'vitest';
import { migrateMysql } from '../../db/migrate-mysql.js';
import { setupMongo } from '../../db/mongo/setup.js';
import { type App, type BuildOptions, buildApp } from '../../server/app.js';
import { type Config, loadConfig } from '../../server/config.js';
import { testEnv } from './env.js';

export interface TestHub {
  app: App;
  config: Config;
  /** Settings as environment variables, for starting CLIs or extra nodes against the same stores. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export function uniqueName(prefix = 't'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/**
 * Test hubs raise the request and event limits (they never switch them off): tests fire hundreds
 * of requests from one login within a second (200 concurrent bookers, the bad-input tables).
 * Tests about limits set their own; an empty value restores a setting's production default.
 */
export const RAISED_LIMITS: Record<string, string> = {
  RATE_LIMIT_PER_USER: '1000000',
  RATE_LIMIT_PER_IP: '1000000',
  RATE_LIMIT_EXPENSIVE: '1000000',
  RATE_LIMIT_PUBLIC: '1000000',
  RATE_LIMIT_STRIPE_WEBHOOK: '1000000',
  MAX_IN_FLIGHT_PER_CALLER: '10000',
  SOCKET_BUDGET_SCALE: '1000',
  MYSQL_ACQUIRE_TIMEOUT_MS: '60000',
  MYSQL_QUEUE_LIMIT: '100000',
};

/** Every raised limit back at its production default. */
export const PRODUCTION_LIMITS: Record<string, string> = Object.fromEntries(Object.keys(RAISED_LIMITS).map((name) => [name, '']));

/** Environment for an isolated set of stores (no app started). */
export function isolatedEnv(extra: Record<string, string> = {}): Record<string, string> {
  const base = testEnv();
  const name = uniqueName('clinic_t');
  const mysqlUrl = new URL(base.mysqlServerUrl);
  mysqlUrl.pathname = `/${name}`;
  const mongoUrl = new URL(inject('mongoUrl'));
  mongoUrl.pathname = `/${name}`;
  return {
    NODE_ENV: 'test',
    MYSQL_URL: mysqlUrl.toString(),
    MONGO_URL: mongoUrl.toString(),
    REDIS_URL: base.redisUrl,
    REDIS_PREFIX: name,
    LOG_LEVEL: 'silent',
    ...RAISED_LIMITS,
    ...extra,
  };
}

export async function dropStores(env: Record<string, string>): Promise<void> {
  const dbName = new URL(env.MYSQL_URL!).pathname.slice(1);
  const server = new URL(env.MYSQL_URL!);
  server.pathname = '/';
  const conn = await mysql.createConnection({ uri: server.toString() });
  await conn.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
  await conn.end();

  const redis = new Redis(env.REDIS_URL!);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.REDIS_PREFIX}:*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();

  const mongo = new MongoClient(env.MONGO_URL!);
  await mongo.db().dropDatabase();
  await mongo.close();
}

export async function startTestHub(extra: Record<string, string> = {}, opts: BuildOptions = {}): Promise<TestHub> {
  const env = isolatedEnv(extra);
  const config = loadConfig(env);
  await migrateMysql(config.mysqlUrl);
  const mongo = new MongoClient(config.mongoUrl);
  await setupMongo(mongo.db());
  await mongo.close();
  const app = await buildApp(config, opts);
  await app.ready();
  return {
    app,
    config,
    env,
    async close() {
      await app.close();
      await dropStores(env);
    },
  };
}

/** Listens on a free loopback port and returns the base URL, for real HTTP and sockets. */
export async function listenOnLoopback(app: App): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

/** A loopback port that was free a moment ago (the OS picked it). */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A test hub listening on loopback at its own PUBLIC_URL (http://127.0.0.1:<port>): a browser page
 * it serves has that Origin, which the Socket.IO handshake accepts. The port is chosen before the
 * app is built (the URL is configuration); if another process takes it meanwhile, a new one is tried.
 */
export async function startServedHub(extra: Record<string, string> = {}, opts: BuildOptions = {}): Promise<{ hub: TestHub; base: string }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freeLoopbackPort();
    const base = `http://127.0.0.1:${port}`;
    const hub = await startTestHub({ PUBLIC_URL: base, ...extra }, opts);
    try {
      await hub.app.listen({ port, host: '127.0.0.1' });
      return { hub, base };
    } catch (err) {
      await hub.close();
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === 5) throw err;
    }
  }
}
