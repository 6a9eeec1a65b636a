// The pharmacy's tables, owned here: dispenses (one handing-out of a prescription) and their lines
// (which lot, which medicine, how many, at what price). Written only inside the dispense transaction.
import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { dispenseLines, dispenses } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';

type Reader = Database | Tx;
export type NewDispenseLine = Omit<typeof dispenseLines.$inferInsert, 'id' | 'dispenseId'> & { id: string };

export async function insertDispense(tx: Tx, row: typeof dispenses.$inferInsert & { id: string }, lines: NewDispenseLine[]) {
  await tx.insert(dispenses).values(row);
  if (lines.length) await tx.insert(dispenseLines).values(lines.map((l) => ({ ...l, dispenseId: row.id })));
}

/** A dispense (its prescription), or null: what the "ready for pickup" notice is about. */
export async function findDispense(db: Reader, id: string) {
  const [row] = await db.select().from(dispenses).where(eq(dispenses.id, id));
  return row ?? null;
}
