// Settings for a bench's own hub: production mode on a scratch database and Redis prefix named
// after it, so a bench never touches a real clinic's data and cleans up after itself. Benches
// measure throughput from one login, so the request limits are raised far above it (still on).
import { generateKeyPairSync } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import { migrateMysql } from '../../db/migrate-mysql.js';
import { connectionOptions, serverUrl } from '../../db/mysql.js';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';

/**
 * Production requires SIGNING_KEY_FILE (prescriptions are signed with it): a bench hub gets a fresh
 * key of its own. The config keeps the key's text, so the file is removed once it has been read.
 */
export function withBenchSigningKey<T>(database: string, load: (keyFile: string) => T): T {
  const file = join(tmpdir(), `${database}-signing.pem`);
  writeFileSync(file, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  try {
    return load(file);
  } finally {
    rmSync(file, { force: true });
  }
}

/** `extra`: more settings for one bench's hub (e.g. STRIPE_* or a raised RATE_LIMIT_PUBLIC), checked as the hub checks them. */
export function scratchConfig(database: string, extra: Record<string, string> = {}) {
  return withBenchSigningKey(database, (keyFile) =>
    loadConfig({
      PATH: process.env.PATH,
      REDIS_URL: process.env.REDIS_URL,
      NODE_ENV: 'production',
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
      SIGNING_KEY_FILE: keyFile,
      LOG_LEVEL: 'warn',
      MYSQL_URL: `mysql://root@127.0.0.1:3306/${database}`,
      REDIS_PREFIX: database,
      RATE_LIMIT_PER_USER: '10000000',
      RATE_LIMIT_PER_IP: '10000000',
      RATE_LIMIT_EXPENSIVE: '10000000',
      MAX_IN_FLIGHT_PER_CALLER: '100000',
      SOCKET_BUDGET_SCALE: '100000',
      ...extra,
    }),
  );
}

/**
 * The hub of a bench, built in-process on its scratch database (migrated first): audit entries go
 * to MONGO_URL from the bench (a real MongoDB, or its test double), and access tokens last an hour,
 * longer than any run.
 */
export async function scratchHub(database: string, extra: Record<string, string> = {}) {
  const scratch = scratchConfig(database, extra);
  const config = { ...scratch, mongoUrl: process.env.MONGO_URL ?? scratch.mongoUrl };
  config.auth = { ...config.auth, accessTokenTtlSeconds: 3600 };
  await migrateMysql(config.mysqlUrl);
  return { config, app: await buildApp(config) };
}

/** Removes what a bench's hub left: its scratch database and the Redis keys under its prefix. */
export async function dropScratch(config: { mysqlUrl: string; redisUrl: string }, database: string): Promise<void> {
  const server = await mysql.createConnection(connectionOptions(serverUrl(config.mysqlUrl)));
  await server.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await server.end();
  const redis = new Redis(config.redisUrl);
  const keys = await redis.keys(`${database}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
}
