// Who may touch a location's stock: its pharmacists (the locations their login is tied to, in
// user_locations) read and change it; admins read every location's and change none; everyone
// else (reception, doctors, patients, screens) is refused. The doctor's prescribing panel sees
// stock only as the catalogue's onHand and nearestExpiry.
import type { Database } from '../../../db/mysql.js';
import { forbidden } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { locationsOfUser } from '../users/repository.js';

export async function isPharmacistAt(db: Database, actor: UserPrincipal, locationId: string): Promise<boolean> {
  return actor.role === 'pharmacist' && (await locationsOfUser(db, actor.userId)).includes(locationId);
}

export async function assertCanReadStock(db: Database, actor: UserPrincipal, locationId: string): Promise<void> {
  if (actor.role === 'admin') return;
  if (!(await isPharmacistAt(db, actor, locationId))) throw forbidden('Only a pharmacist of this location or an admin may see its stock');
}

export async function assertCanChangeStock(db: Database, actor: UserPrincipal, locationId: string): Promise<void> {
  if (!(await isPharmacistAt(db, actor, locationId))) throw forbidden('Only a pharmacist of this location may change its stock');
}
