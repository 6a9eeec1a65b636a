// The doctor's name as a message may say it ("Dr. Dana Doc"), through the doctors module's
// repository; null when the record is gone.
import type { Database } from '../../../db/mysql.js';
import { findDoctorRow } from '../doctors/repository.js';
import { doctorDisplayName } from '../doctors/service.js';

export async function doctorNameOf(db: Database, doctorId: string | null | undefined): Promise<string | null> {
  if (!doctorId) return null;
  const doctor = await findDoctorRow(db, doctorId);
  return doctor ? doctorDisplayName(doctor) : null;
}
