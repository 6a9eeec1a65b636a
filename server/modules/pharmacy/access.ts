// Who may work a location's pharmacy: its pharmacists dispense, hold, release and close its
// prescriptions and watch its queue; admins read the queue of any location; nobody else does either.
import type { Database } from '../../../db/mysql.js';
import { forbidden } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import { locationsOfUser } from '../users/repository.js';

/** 403 unless `actor` is a pharmacist of `locationId`. */
export async function assertPharmacistAt(db: Database, actor: Principal, locationId: string): Promise<void> {
  if (actor.kind !== 'user' || actor.role !== 'pharmacist') throw forbidden('Only pharmacists dispense');
  if (!(await locationsOfUser(db, actor.userId)).includes(locationId)) throw forbidden('You do not work at this location’s pharmacy');
}

/** 403 unless `actor` may read the location's queue: one of its pharmacists, or an admin. */
export async function assertCanReadQueue(db: Database, actor: Principal, locationId: string): Promise<void> {
  if (actor.kind === 'user' && actor.role === 'admin') return;
  await assertPharmacistAt(db, actor, locationId);
}
