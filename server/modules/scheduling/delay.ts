// A doctor running late: staff set the delay, every ETA of the doctor's queue shifts by it, and
// the change goes out like any other queue change (outbox → board and queue pushes).
import type { Database } from '../../../db/mysql.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import type { UserPrincipal } from '../auth/principal.js';
import { lockDoctor, setDelayMinutes } from '../doctors/repository.js';
import { recordEvent } from './outbox.js';

export async function setDoctorDelay(db: Database, actor: UserPrincipal, doctorId: string, minutes: number) {
  return transactionWithRetry(db, async (tx) => {
    const doctor = await lockDoctor(tx, doctorId);
    await setDelayMinutes(tx, doctorId, minutes);
    await recordEvent(tx, 'doctor.delay_changed', doctorId, {
      doctorId,
      locationId: doctor.locationId,
      delayMinutes: minutes,
      previousDelayMinutes: doctor.delayMinutes,
      by: actor.userId,
    });
    return { doctorId, delayMinutes: minutes };
  });
}
