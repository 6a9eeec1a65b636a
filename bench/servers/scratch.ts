// Settings for a bench's own hub: production mode on a scratch database and Redis prefix named
// after it (BENCH_DB, chosen by the bench: bench/kit.ts benchStores), and the bench's MongoDB
// (MONGO_URL), so a bench never touches a real clinic's data and cleans up after itself. Benches
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

/** The scratch database (and Redis prefix) the bench named in BENCH_DB; `kind`_pid when run alone. */
export function benchDatabase(kind: string): string {
  return process.env.BENCH_DB ?? `clinic_bench_${kind}_${process.pid}`;
}

/** The bench's MongoDB: required, since every audited request would otherwise wait 5 s for one. */
function benchMongoUrl(): string {
  const url = process.env.MONGO_URL;
  if (!url) throw new Error('a bench hub needs MONGO_URL (the bench passes its MongoDB or the test double: bench/kit.ts benchStores)');
  return url;
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
      MONGO_URL: benchMongoUrl(),
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
  const config = scratchConfig(database, extra);
  config.auth = { ...config.auth, accessTokenTtlSeconds: 3600 };
  await migrateMysql(config.mysqlUrl);
  return { config, app: await buildApp(config) };
}

/**
 * Removes what a bench's hub left: its scratch database and every Redis key starting with its
 * prefix. The bench does the same again after the hub has stopped (bench/kit.ts benchStores): this
 * one covers a hub run on its own.
 */
export async function dropScratch(config: { mysqlUrl: string; redisUrl: string }, database: string): Promise<void> {
  const server = await mysql.createConnection(connectionOptions(serverUrl(config.mysqlUrl)));
  await server.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await server.end();
  const redis = new Redis(config.redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${database}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
  await redis.quit();
}
