// The claims inside an access token, and the conversion to and from a Principal.
// Access tokens are short-lived (ACCESS_TOKEN_TTL_SECONDS, 15 min by default) and carry what
// authorization needs, so most requests are checked without a database read.
import type { LoginRole } from '../../../db/schema/users.js';
import type { UserPrincipal } from './principal.js';

export interface AccessClaims {
  sub: string;
  role: LoginRole;
  email: string;
  fn: string;
  ln: string;
  pid?: string;
  did?: string;
}

export function claimsOf(p: UserPrincipal): AccessClaims {
  const claims: AccessClaims = { sub: p.userId, role: p.role, email: p.email, fn: p.firstName, ln: p.lastName };
  if (p.patientId) claims.pid = p.patientId;
  if (p.doctorId) claims.did = p.doctorId;
  return claims;
}

export function principalFromClaims(c: AccessClaims): UserPrincipal {
  return {
    kind: 'user',
    userId: c.sub,
    role: c.role,
    email: c.email,
    firstName: c.fn,
    lastName: c.ln,
    patientId: c.pid ?? null,
    doctorId: c.did ?? null,
  };
}
