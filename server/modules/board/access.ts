// Who may read a location's board: staff any board, a display only its own location's.
import { forbidden } from '../../errors.js';
import type { Principal } from '../auth/principal.js';

export function assertCanReadBoard(p: Principal, locationId: string): void {
  if (p.kind === 'display') {
    if (p.locationId !== locationId) throw forbidden('This screen belongs to another location');
    return;
  }
  if (p.role === 'admin' || p.role === 'receptionist') return;
  throw forbidden();
}
