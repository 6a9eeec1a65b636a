// When each visit was triaged: the time its latest triage vitals were taken. The doctor's queue
// (scheduling/queue-service.ts) and the nurse's triage list show it, so a patient measured at
// check-in is marked as such on both screens.
import { and, eq, inArray, max } from 'drizzle-orm';
import { vitalSigns } from '../../../db/schema/index.js';
import type { Reader } from '../../../db/transactions.js';

/** appointmentId → ISO time of its latest triage vitals; visits without any are absent. */
export async function triageTimes(db: Reader, appointmentIds: readonly string[]): Promise<Map<string, string>> {
  if (!appointmentIds.length) return new Map();
  const rows = await db
    .select({ appointmentId: vitalSigns.appointmentId, at: max(vitalSigns.takenAt) })
    .from(vitalSigns)
    .where(and(inArray(vitalSigns.appointmentId, [...appointmentIds]), eq(vitalSigns.source, 'triage')))
    .groupBy(vitalSigns.appointmentId);
  const out = new Map<string, string>();
  for (const r of rows) if (r.appointmentId && r.at) out.set(r.appointmentId, new Date(r.at).toISOString());
  return out;
}
