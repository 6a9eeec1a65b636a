// What was handed out for a prescription: each dispense with its lines (medicine, lot, quantity,
// and a substitution's reason). The prescriber sees a substitution here, as do the patient and the
// pharmacy; whoever may read the prescription may read this.
import { asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { dispenseLines, dispenses } from '../../../db/schema/index.js';
import type { UserPrincipal } from '../auth/principal.js';
import { medicationsByIds } from '../medications/repository.js';
import { assertCanRead } from '../prescriptions/access.js';
import { loadPrescription } from '../prescriptions/repository.js';

export async function dispenseHistory(db: Database, actor: UserPrincipal, prescriptionId: string, careRelationshipDays: number) {
  const p = await loadPrescription(db, prescriptionId);
  await assertCanRead(db, actor, p, careRelationshipDays);
  const rows = await db.select().from(dispenses).where(eq(dispenses.prescriptionId, p.id)).orderBy(asc(dispenses.at), asc(dispenses.id));
  const lines = rows.length
    ? await db
        .select()
        .from(dispenseLines)
        .where(
          inArray(
            dispenseLines.dispenseId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  const names = new Map((await medicationsByIds(db, [...new Set(lines.map((l) => l.medicationId))])).map((m) => [m.id, m]));
  const prescribed = new Map(p.items.map((i) => [i.id, i.medicationId]));
  return {
    dispenses: rows.map((d) => ({
      id: d.id,
      at: d.at.toISOString(),
      lines: lines
        .filter((l) => l.dispenseId === d.id)
        .map((l) => {
          const m = names.get(l.medicationId);
          return {
            itemId: l.itemId,
            lotId: l.lotId,
            medicationId: l.medicationId,
            name: m ? `${m.name} ${m.strength}` : l.medicationId,
            quantity: l.quantity,
            substituted: prescribed.get(l.itemId) !== l.medicationId,
            substitutionReason: l.substitutionReason,
          };
        }),
    })),
  };
}
