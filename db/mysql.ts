// The MySQL connection pool and the Drizzle instance over it.
import { drizzle, type MySql2Database } from 'drizzle-orm/mysql2';
import mysql from 'mysql2/promise';
import type { Tx } from './transactions.js';

/**
 * Drizzle without the relational query API (`db.query.table.findMany`): the hub builds every query
 * with select/insert/update/delete. Given the schema, Drizzle makes a query builder for each of
 * its tables on every transaction (2.4% of the hub's CPU in bench:booking's profile).
 */
export type Database = MySql2Database;
export interface MysqlHandle {
  db: Database;
  pool: mysql.Pool;
  close(): Promise<void>;
}

/** Connections of the outbox relay's own pool (see relayDatabase). */
const RELAY_POOL_SIZE = 2;
/** Each request pool's relay pool, created with it. */
const relays = new WeakMap<Database, mysql.Pool>();

/**
 * The pool the outbox relay (modules/outbox: claim, mark published) uses for `db`: a small one of
 * its own beside the request pool, so that under load the publisher does not queue behind the
 * requests for a connection and fall seconds behind (issue 20). Null for a `db` made elsewhere.
 */
export function relayPool(db: Database): mysql.Pool | null {
  return relays.get(db) ?? null;
}

/**
 * Options every connection shares. The session time zone is UTC so NOW() and DATETIME values
 * mean the same on every server whatever its system zone; instants leave the API as UTC ISO 8601.
 * `trace: false`: mysql2's promise API otherwise captures a stack trace on every query, so that a
 * failed query's error shows its caller; that was 5% of the hub's CPU in bench:booking's profile.
 * Its errors keep their code, errno and message (all the hub reads); only the stack is shorter.
 */
export function connectionOptions(url: string): mysql.ConnectionOptions {
  return { uri: url, timezone: 'Z', charset: 'utf8mb4_unicode_520_ci', supportBigNumbers: true, enableKeepAlive: true, trace: false };
}

export interface PoolOptions {
  connectionLimit?: number;
  /** Callers waiting for a connection at once; one more fails at once with PoolBusyError. 0: no limit. */
  queueLimit?: number;
  /** How long a caller waits for a connection before it fails with PoolBusyError. Unset: as long as it takes. */
  acquireTimeoutMs?: number;
  /**
   * How long opening a connection may take (default 3 s, mysql2's own is 10 s): while MySQL is
   * unreachable a request fails within it (503 STORE_UNAVAILABLE) instead of hanging.
   */
  connectTimeoutMs?: number;
}

/** The pool had no connection to give in time, or too many callers were waiting already. */
export class PoolBusyError extends Error {
  readonly code = 'POOL_BUSY';
  constructor(message: string) {
    super(message);
    this.name = 'PoolBusyError';
  }
}

type ConnectionCallback = (err: Error | null, connection?: { release(): void }) => void;

/**
 * mysql2's pool waits for a free connection without end: bound the wait. Every query and
 * transaction asks the core pool's getConnection, so wrapping it covers them all. A connection
 * that arrives after its caller gave up goes straight back to the pool.
 */
function boundWaits(pool: mysql.Pool, acquireTimeoutMs: number): void {
  const core = (pool as unknown as { pool: { getConnection(cb: ConnectionCallback): void } }).pool;
  const getConnection = core.getConnection.bind(core);
  core.getConnection = (cb: ConnectionCallback) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      cb(new PoolBusyError(`no MySQL connection was free within ${acquireTimeoutMs} ms`));
    }, acquireTimeoutMs);
    getConnection((err, connection) => {
      if (settled) {
        if (!err) connection?.release();
        return;
      }
      settled = true;
      clearTimeout(timer);
      if (err?.message === 'Queue limit reached.') return cb(new PoolBusyError('too many requests are waiting for a MySQL connection'));
      cb(err, connection);
    });
  };
}

export function createMysql(url: string, opts: PoolOptions = {}): MysqlHandle {
  const { acquireTimeoutMs, connectTimeoutMs = 3_000, ...poolOptions } = opts;
  const pool = mysql.createPool({
    ...connectionOptions(url),
    connectTimeout: connectTimeoutMs,
    connectionLimit: 10,
    waitForConnections: true,
    ...poolOptions,
  });
  if (acquireTimeoutMs !== undefined) boundWaits(pool, acquireTimeoutMs);
  // Every new connection starts in UTC, so server-side time functions agree with the app.
  pool.on('connection', (conn) => {
    conn.query("SET time_zone = '+00:00'");
  });
  const db = drizzle({ client: pool });
  // mysql2 opens a pool's connections on first use: a process that never publishes opens none.
  const relay = mysql.createPool({
    ...connectionOptions(url),
    connectTimeout: connectTimeoutMs,
    connectionLimit: RELAY_POOL_SIZE,
    waitForConnections: true,
  });
  relay.on('connection', (conn) => {
    conn.query("SET time_zone = '+00:00'");
  });
  relays.set(db, relay);
  return { db, pool, close: () => Promise.all([pool.end(), relay.end()]).then(() => undefined) };
}

/** The database name of a mysql:// URL, checked to be a plain identifier. */
export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]{1,64}$/.test(name)) {
    throw new Error(`MYSQL_URL must name a database of letters, digits and "_" (got "${name}")`);
  }
  return name;
}

/** The same server, without a database: used to create the database itself. */
export function serverUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/';
  return u.toString();
}

/**
 * The mysql2 connection a Drizzle transaction runs on (drizzle-orm/mysql2 keeps it as its session's
 * client): prepared statements sent on it (execute) are part of that transaction. For hot paths
 * where building the query costs more than running it (scheduling/booking-statements.ts).
 */
export function connectionOf(tx: Tx): mysql.PoolConnection {
  const client = (tx as unknown as { session?: { client?: mysql.PoolConnection } }).session?.client;
  if (!client || typeof client.execute !== 'function') throw new Error('this Drizzle transaction has no mysql2 connection');
  return client;
}
