// Which store an error says is down or unreachable, if any. The drivers say it each in their own
// way, and Drizzle wraps MySQL's errors (look through `cause`). An answer here turns the request
// into 503 STORE_UNAVAILABLE with Retry-After (plugins/errors.ts) instead of a 500.

export type StoreName = 'mysql' | 'mongo' | 'redis';
export const STORES: readonly StoreName[] = ['mysql', 'mongo', 'redis'];

/** Connection-level codes of mysql2 (and the sockets under it): the server went away or never answered. */
const MYSQL_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_CONNECTION_KILLED',
]);
/** MariaDB/MySQL errnos of the same kind: shutdown in progress (1053), too many connections (1040), connection killed (1927). */
const MYSQL_ERRNOS = new Set([1040, 1053, 1927]);

/** The MongoDB driver's classes for "no server to talk to". */
const MONGO_NAMES = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoServerClosedError',
]);

/** ioredis' messages when a command could not reach Redis (retries used up, offline, timed out). */
const REDIS_MESSAGES = new Set([
  'Connection is closed.',
  "Stream isn't writeable and enableOfflineQueue options is false",
  'Command timed out',
]);

interface DriverError {
  name?: string;
  code?: unknown;
  errno?: unknown;
  fatal?: unknown;
  message?: unknown;
  cause?: unknown;
}

function storeOf(e: DriverError): StoreName | null {
  if (typeof e.name === 'string' && MONGO_NAMES.has(e.name)) return 'mongo';
  if (e.name === 'MaxRetriesPerRequestError' || (typeof e.message === 'string' && REDIS_MESSAGES.has(e.message))) return 'redis';
  // mysql2 marks an error that broke the connection as fatal; a refused or lost socket has one of these codes.
  if (e.fatal === true || (typeof e.code === 'string' && MYSQL_CODES.has(e.code))) return 'mysql';
  if (typeof e.errno === 'number' && MYSQL_ERRNOS.has(e.errno)) return 'mysql';
  if (e.message === "Can't add new command when connection is in closed state") return 'mysql';
  return null;
}

/** The store `err` says is unreachable, or null for any other error (a bad query, a duplicate key, a bug). */
export function unavailableStore(err: unknown): StoreName | null {
  let current: unknown = err;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const store = storeOf(current as DriverError);
    if (store) return store;
    current = (current as DriverError).cause;
  }
  return null;
}
