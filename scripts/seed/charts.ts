// The demo charts (DEMO_CHARTS): problems and a vitals series for the first portal patients, written
// only for a patient whose chart is still empty, so a second seed run adds nothing.
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/mysql.js';
import { patientConditions, patients, vitalSigns } from '../../db/schema/index.js';
import { insertVitals } from '../../server/modules/record/vitals-repository.js';
import { DEMO_CHARTS, type DemoPatient } from './demo-clinic.js';

const WEEK_MS = 7 * 86_400_000;

/** Writes the missing demo charts; returns how many patients got one. */
export async function seedDemoCharts(db: Database, people: readonly DemoPatient[], now = new Date()): Promise<number> {
  let written = 0;
  for (const chart of DEMO_CHARTS) {
    const [patient] = await db.select({ id: patients.id }).from(patients).where(eq(patients.email, people[chart.patient]!.email));
    if (!patient) continue;
    const [hasVitals] = await db.select({ id: vitalSigns.id }).from(vitalSigns).where(eq(vitalSigns.patientId, patient.id)).limit(1);
    if (hasVitals) continue;
    await db.transaction(async (tx) => {
      for (const c of chart.conditions)
        await tx.insert(patientConditions).values({ ...c, patientId: patient.id, recordedBy: null, recordedAt: now });
      for (const [i, measures] of chart.vitals.entries()) {
        const takenAt = new Date(now.getTime() - (chart.vitals.length - i) * WEEK_MS);
        await insertVitals(tx, { patientId: patient.id, appointmentId: null, source: 'direct', takenAt, measures, recordedBy: null });
      }
    });
    written++;
  }
  return written;
}
