// The claims inside an access token, and the conversion to and from a Principal.
// Access tokens are short-lived (ACCESS_TOKEN_TTL_SECONDS, 15 min by default) and carry what
// authorization needs, so most requests are checked without a database read.
// `fam` names the session (the refresh-token family) the token was issued in, at login and at each
// refresh: ending the session (logout, reuse of a spent refresh token) refuses its access tokens
// at once (revocations.ts). Tokens issued before the claim existed have none and run to expiry.
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
  /** The session: the refresh-token family this token was issued with. */
  fam?: string;
}

/** The claims of a token for `p`, issued in session `familyId` (the login's refresh-token family). */
export function claimsOf(p: UserPrincipal, familyId?: string): AccessClaims {
  const claims: AccessClaims = { sub: p.userId, role: p.role, email: p.email, fn: p.firstName, ln: p.lastName };
  if (familyId) claims.fam = familyId;
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
