// Transactions that InnoDB may abort under contention (deadlock victim, lock wait timeout) are
// meant to be retried by the application; this runs the whole transaction again, a few times.
import { isRetryableTransactionError } from './errors.js';
import type { Database } from './mysql.js';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export async function transactionWithRetry<T>(db: Database, work: (tx: Tx) => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (err) {
      if (attempt >= attempts || !isRetryableTransactionError(err)) throw err;
    }
  }
}

/** The pool or a transaction: what a repository function reads and writes through. */
export type Reader = Database | Tx;
