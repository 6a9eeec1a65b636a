// What the notification worker may read of a prescription or a refill request: ids, the number
// and the status, never an item, dose, diagnosis or reason (the messages must not carry them, so
// the sender is never handed them). Owned here because the tables are; the notifications module
// calls these instead of querying prescriptions itself (architecture/table-owners.test.ts).
import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { prescriptions, refillRequests } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';

type Reader = Database | Tx;

export interface PrescriptionNoticeSubject {
  prescriptionId: string;
  /** Set when the notice is about a refill request. */
  refillRequestId: string | null;
  number: string;
  appointmentId: string;
  patientId: string;
  prescriptionStatus: (typeof prescriptions.$inferSelect)['status'];
  refillStatus: (typeof refillRequests.$inferSelect)['status'] | null;
}

export async function prescriptionForNotice(db: Reader, prescriptionId: string): Promise<PrescriptionNoticeSubject | null> {
  const [row] = await db
    .select({
      prescriptionId: prescriptions.id,
      number: prescriptions.number,
      appointmentId: prescriptions.appointmentId,
      patientId: prescriptions.patientId,
      prescriptionStatus: prescriptions.status,
    })
    .from(prescriptions)
    .where(eq(prescriptions.id, prescriptionId));
  return row ? { ...row, refillRequestId: null, refillStatus: null } : null;
}

export async function refillForNotice(db: Reader, refillRequestId: string): Promise<PrescriptionNoticeSubject | null> {
  const [row] = await db
    .select({
      refillRequestId: refillRequests.id,
      refillStatus: refillRequests.status,
      prescriptionId: prescriptions.id,
      number: prescriptions.number,
      appointmentId: prescriptions.appointmentId,
      patientId: refillRequests.patientId,
      prescriptionStatus: prescriptions.status,
    })
    .from(refillRequests)
    .innerJoin(prescriptions, eq(prescriptions.id, refillRequests.prescriptionId))
    .where(eq(refillRequests.id, refillRequestId));
  return row ?? null;
}
