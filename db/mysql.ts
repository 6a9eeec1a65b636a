// The MySQL connection pool and the Drizzle instance over it.
import { drizzle, type MySql2Database } from 'drizzle-orm/mysql2';
import mysql from 'mysql2/promise';
import * as schema from './schema/index.js';

export type Database = MySql2Database<typeof schema>;
export interface MysqlHandle {
  db: Database;
  pool: mysql.Pool;
  close(): Promise<void>;
}

/**
 * Options every connection shares. The session time zone is UTC so NOW() and DATETIME values
 * mean the same on every server whatever its system zone; instants leave the API as UTC ISO 8601.
 */
export function connectionOptions(url: string): mysql.ConnectionOptions {
  return { uri: url, timezone: 'Z', charset: 'utf8mb4_unicode_520_ci', supportBigNumbers: true, enableKeepAlive: true };
}

export function createMysql(url: string, opts: { connectionLimit?: number } = {}): MysqlHandle {
  const pool = mysql.createPool({ ...connectionOptions(url), connectionLimit: 10, waitForConnections: true, ...opts });
  // Every new connection starts in UTC, so server-side time functions agree with the app.
  pool.on('connection', (conn) => {
    conn.query("SET time_zone = '+00:00'");
  });
  const db = drizzle({ client: pool, schema, mode: 'default' });
  return { db, pool, close: () => pool.end() };
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
