// Connections to the three stores, opened once per app and closed when it closes.
// MySQL: scheduling and identities. MongoDB: threads, notes, audit. Redis: queues, adapter, limits.
import { setTimeout as wait } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { type Db, MongoClient } from 'mongodb';
import { createMysql, type Database, type MysqlHandle } from '../../db/mysql.js';
import type { Config } from '../config.js';
import { StoreMonitor } from '../modules/health/monitor.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    mysql: MysqlHandle;
    db: Database;
    mongo: { client: MongoClient; db: Db };
    redis: Redis;
    /** Whether each store answers (modules/health/monitor.ts): /health/ready, hub_store_up, the log. */
    storeHealth: StoreMonitor;
  }
}

/** Reconnection waits: 100 ms doubling to 2 s, with jitter so that nodes do not all knock at once. */
export function reconnectDelay(times: number): number {
  const base = Math.min(2_000, 100 * 2 ** Math.min(times, 5));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/**
 * The request path's Redis connection. It must fail fast while Redis is away, not hold requests:
 * a command waits through at most one reconnection (maxRetriesPerRequest) and never longer than
 * 3 s (commandTimeout, which also bounds a network that stalls without closing); a connection
 * attempt gives up after 3 s. It then fails with an error unavailableStore() knows (503 STORE_UNAVAILABLE).
 * The offline queue stays on so the commands of a starting node wait for its first connection.
 * (BullMQ's and the adapter's connections are separate: they must wait, maxRetriesPerRequest: null.)
 */
export function createRedis(url: string): Redis {
  return new Redis(url, {
    lazyConnect: false,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    connectTimeout: 3_000,
    commandTimeout: 3_000,
    retryStrategy: reconnectDelay,
  });
}

/**
 * The MongoDB client, connecting at once. Once connected, the driver rides out an outage by itself
 * (its monitor re-checks a lost server every 0.5 s) and an operation waits at most 3 s for a
 * server, then fails (503 STORE_UNAVAILABLE). Its first connection is another matter: when that
 * fails (MongoDB down or slow at start), the driver closes the topology and every later operation
 * fails with "Topology is closed" for good, so the first connection is retried here, with backoff,
 * until it succeeds or the client is closed.
 */
export function createMongo(url: string): { client: MongoClient; db: Db } {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 3_000, connectTimeoutMS: 3_000, appName: 'clinic-hub' });
  let closed = false;
  const close = client.close.bind(client);
  client.close = async (force?: boolean) => {
    closed = true;
    return close(force);
  };
  void (async () => {
    for (let attempt = 1; !closed; attempt++) {
      try {
        await client.connect();
        return;
      } catch {
        await wait(reconnectDelay(attempt + 2), undefined, { ref: false });
      }
    }
  })();
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

  const monitor = new StoreMonitor(
    {
      mysql: () => mysql.pool.query('select 1'),
      mongo: () => app.mongo.db.command({ ping: 1 }),
      redis: () => redis.ping(),
    },
    { log: app.log },
  );
  app.decorate('storeHealth', monitor);
  app.addHook('onReady', async () => monitor.start());

  app.addHook('onClose', async () => {
    monitor.stop();
    await Promise.allSettled([mysql.close(), app.mongo.client.close(), redis.quit()]);
  });
}

export default fp(storesPlugin, { name: 'stores' });
