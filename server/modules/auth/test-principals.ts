// Principals and refusals for the unit tests of access rules (server/modules/*/access.test.ts), kept
// beside the principal they build so those tests import nothing from tests/; no production code uses it.
import type { LoginRole } from '../../../db/schema/users.js';
import type { AppError } from '../../errors.js';
import type { UserPrincipal } from './principal.js';

/** A signed-in person of `role`, tied to a patient or doctor record when the ids say so. */
export function userPrincipal(role: LoginRole, ids: { patientId?: string; doctorId?: string } = {}): UserPrincipal {
  return {
    kind: 'user',
    userId: `u-${role}`,
    role,
    email: `${role}@clinic.test`,
    firstName: 'Test',
    lastName: role,
    patientId: ids.patientId ?? null,
    doctorId: ids.doctorId ?? null,
  };
}

/** The error `fn` throws, or undefined when it lets the caller through. */
export function refusal(fn: () => unknown): AppError | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err as AppError;
  }
}
