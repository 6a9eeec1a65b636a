// Who is calling: a logged-in person (from the access token) or a waiting-room screen
// (from its device token). Routes declare which roles may call them with `allow(...)`.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LoginRole, Role } from '../../../db/schema/users.js';
import { forbidden, unauthorized } from '../../errors.js';

export interface UserPrincipal {
  kind: 'user';
  userId: string;
  role: LoginRole;
  email: string;
  firstName: string;
  lastName: string;
  /** Set for role patient: the patient record this login belongs to. */
  patientId: string | null;
  /** Set for role doctor: the doctor record this login belongs to. */
  doctorId: string | null;
}

export interface DisplayPrincipal {
  kind: 'display';
  role: 'display';
  displayId: string;
  locationId: string;
}

export type Principal = UserPrincipal | DisplayPrincipal;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export const STAFF: readonly Role[] = ['admin', 'receptionist'];
/** Every person who logs in; displays are excluded everywhere except the board. */
export const PEOPLE: readonly Role[] = ['admin', 'receptionist', 'doctor', 'patient'];

/** The caller, or 401. Use in handlers behind `allow(...)`. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized();
  return request.principal;
}

export function userOf(request: FastifyRequest): UserPrincipal {
  const p = principalOf(request);
  if (p.kind !== 'user') throw forbidden();
  return p;
}

/**
 * An onRequest hook that resolves the caller and lets only the given roles through:
 * 401 without a (valid) token, 403 for other roles. Runs before the body is even parsed.
 */
export function allow(...roles: readonly Role[]) {
  const allowed = new Set(roles);
  return async function checkRole(request: FastifyRequest, _reply: FastifyReply) {
    const p = await request.server.resolvePrincipal(request);
    if (!p) throw unauthorized();
    if (!allowed.has(p.role)) throw forbidden();
  };
}
