// Which account a login attempt was for, for the audit entry (`auth.login`). The login route sets
// `request.auditTarget` on every attempt (ok, 401 and 429 alike); the audit plugin reads it.
// It names the account by user id when the email belongs to one, and always by a keyed hash of
// the normalised email, so attempts at one unknown address can be told apart and counted without
// the log holding the address itself. Never a password or a token.
import { createHmac } from 'node:crypto';
import type { AuditTargetRef } from '../audit/rules.js';

/** What the login route leaves on `request.auditTarget` (the audit plugin's AuditTargetRef). */
export interface AuditTarget extends AuditTargetRef {
  type: 'users';
  /** The user the email belongs to; null when it belongs to nobody. */
  id: string | null;
  /** HMAC-SHA256 of the normalised email (key derived from JWT_SECRET), 32 hex digits. */
  emailHash: string;
}

export function emailHasher(secret: string): (normalisedEmail: string) => string {
  const key = createHmac('sha256', secret).update('clinic-hub audit email v1').digest();
  return (email) => createHmac('sha256', key).update(email).digest('hex').slice(0, 32);
}
