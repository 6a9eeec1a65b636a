// Transactions that InnoDB may abort under contention (deadlock victim, lock wait timeout) are
// meant to be retried by the application; this runs the whole transaction again, a few times.
// Between attempts it waits a short random while that grows with each attempt: transactions that
// deadlocked together and retried at once would meet again (bench:dispense ran out of four
// immediate retries with 16 clients on the billing counter and answered 500).
import { setTimeout as wait } from 'node:timers/promises';
import { isLockWaitTimeout, isRetryableTransactionError } from './errors.js';
import type { Database } from './mysql.js';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** The longest wait between two attempts, in ms. */
const MAX_BACKOFF_MS = 200;

/** Up to `attempts` runs; before run n (n ≥ 2) a random wait below 5·2ⁿ ms (at most 200 ms). */
export async function transactionWithRetry<T>(db: Database, work: (tx: Tx) => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (err) {
      if (attempt >= attempts || !isRetryableTransactionError(err)) throw err;
      // A lock wait timeout already waited innodb_lock_wait_timeout: once more at most, not seven times.
      if (isLockWaitTimeout(err) && attempt >= 2) throw err;
      await wait(Math.random() * Math.min(MAX_BACKOFF_MS, 5 * 2 ** (attempt + 1)));
    }
  }
}

/** The pool or a transaction: what a repository function reads and writes through. */
export type Reader = Database | Tx;
