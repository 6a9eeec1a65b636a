// Queue tickets: "A-007", unique per location and local day, numbered per prefix without gaps.
// The counter row is bumped with LAST_INSERT_ID(expr) inside the check-in transaction: the
// increment is atomic across concurrent check-ins, and if the transaction rolls back the number
// goes back with it, so no number is ever skipped.
import { sql } from 'drizzle-orm';
import type { Tx } from '../../../db/transactions.js';

export async function nextTicket(tx: Tx, locationId: string, localDay: string, prefix: string): Promise<string> {
  await tx.execute(sql`
    insert into ticket_counters (location_id, day, prefix, last_number)
    values (${locationId}, ${localDay}, ${prefix}, last_insert_id(1))
    on duplicate key update last_number = last_insert_id(last_number + 1)`);
  const [rows] = (await tx.execute(sql`select last_insert_id() as n`)) as unknown as [{ n: number | string }[]];
  const n = Number(rows[0]?.n);
  return `${prefix}-${String(n).padStart(3, '0')}`;
}
