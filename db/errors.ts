// Recognising MySQL/MariaDB errors the services turn into 4xx answers, and the pool's own "busy" (a 503).
// Drizzle wraps driver errors, so look through `cause` too.

function driverError(err: unknown): { code?: string; errno?: number; message?: string } | null {
  let current: unknown = err;
  for (let depth = 0; current && depth < 4; depth++) {
    const e = current as { code?: string; errno?: number; message?: string; cause?: unknown };
    if (typeof e.errno === 'number') return e;
    current = e.cause;
  }
  return null;
}

/** True when a write failed on the unique index `indexName` (ER_DUP_ENTRY, 1062). */
export function isDuplicateKey(err: unknown, indexName?: string): boolean {
  const e = driverError(err);
  if (e?.errno !== 1062) return false;
  // MySQL 8 says "for key 'users.users_email_unique'", MariaDB "for key 'users_email_unique'".
  return indexName === undefined || new RegExp(`for key '([^']*\\.)?${indexName}'`).test(e.message ?? '');
}

/** InnoDB chose this transaction as a deadlock victim (1213) or gave up waiting for a lock (1205). */
export function isRetryableTransactionError(err: unknown): boolean {
  const errno = driverError(err)?.errno;
  return errno === 1213 || errno === 1205;
}

/** InnoDB gave up waiting for a lock (1205, after innodb_lock_wait_timeout). */
export function isLockWaitTimeout(err: unknown): boolean {
  return driverError(err)?.errno === 1205;
}

/** The MySQL pool gave up waiting for a free connection (db/mysql.ts PoolBusyError), possibly wrapped by Drizzle. */
export function isPoolBusy(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; current && depth < 4; depth++) {
    if ((current as { code?: unknown }).code === 'POOL_BUSY') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
