// Connections to the three stores, opened once per app and closed when it closes.
// MySQL: scheduling and identities. MongoDB: threads, notes, audit. Redis: queues, adapter, limits.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { type Db, MongoClient } from 'mongodb';
import { createMysql, type Database, type MysqlHandle } from '../../db/mysql.js';
import type { Config } from '../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    mysql: MysqlHandle;
    db: Database;
    mongo: { client: MongoClient; db: Db };
    redis: Redis;
  }
}

export function createRedis(url: string): Redis {
  return new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3, enableOfflineQueue: true });
}

export function createMongo(url: string): { client: MongoClient; db: Db } {
  // The driver connects on first use and reconnects by itself; a Mongo outage shows in /health/ready.
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000, appName: 'clinic-hub' });
  return { client, db: client.db() };
}

async function storesPlugin(app: FastifyInstance, opts: { config: Config }) {
  const { config } = opts;
  app.decorate('config', config);

  // A request waits a bounded time for a connection: a starved pool answers 503, it does not hang.
  const { size, queueLimit, acquireTimeoutMs } = config.mysqlPool;
  const mysql = createMysql(config.mysqlUrl, { connectionLimit: size, queueLimit, acquireTimeoutMs });
  app.decorate('mysql', mysql);
  app.decorate('db', mysql.db);

  app.decorate('mongo', createMongo(config.mongoUrl));

  const redis = createRedis(config.redisUrl);
  let lastRedisError = 0;
  redis.on('error', (err) => {
    // ioredis retries on its own; log at most once a minute so an outage does not flood the log.
    if (Date.now() - lastRedisError > 60_000) app.log.warn({ code: (err as NodeJS.ErrnoException).code }, 'redis connection error');
    lastRedisError = Date.now();
  });
  app.decorate('redis', redis);

  app.addHook('onClose', async () => {
    await Promise.allSettled([mysql.close(), app.mongo.client.close(), redis.quit()]);
  });
}

export default fp(storesPlugin, { name: 'stores' });
