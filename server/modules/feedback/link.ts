// The signed link in a feedback request: it opens the form for one visit without signing in.
// token = <appointmentId>.<expiry, seconds since 1970, base 36>.<HMAC-SHA256, base64url>, keyed by
// a key derived from JWT_SECRET for this one purpose. It names only the visit, so a forwarded or
// leaked link reveals nothing about the patient; the visit's one feedback (the unique index) is
// what makes it work once. The client puts it in the URL's fragment (#t=…), which browsers never
// send, so it stays out of access logs and Referer headers.
import { createHmac, timingSafeEqual } from 'node:crypto';

const ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The link's key: JWT_SECRET is never used as is, so a link's signature can never pass as a token's. */
function keyOf(secret: string): Buffer {
  return createHmac('sha256', secret).update('clinic-hub feedback link v1').digest();
}

function signatureOf(secret: string, appointmentId: string, expiresAt: string): Buffer {
  return createHmac('sha256', keyOf(secret)).update(`${appointmentId}.${expiresAt}`).digest();
}

export function signFeedbackToken(secret: string, appointmentId: string, expiresAt: Date): string {
  const expiry = Math.floor(expiresAt.getTime() / 1000).toString(36);
  return `${appointmentId}.${expiry}.${signatureOf(secret, appointmentId, expiry).toString('base64url')}`;
}

/** The visit a token names, or null when the token is not one the hub signed or has expired. */
export function verifyFeedbackToken(secret: string, token: string, now = new Date()): { appointmentId: string; expiresAt: Date } | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [appointmentId, expiry, signature] = parts as [string, string, string];
  if (!ID.test(appointmentId) || !/^[0-9a-z]{1,10}$/.test(expiry) || !/^[A-Za-z0-9_-]{43}$/.test(signature)) return null;
  const expected = signatureOf(secret, appointmentId, expiry);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  // Base64url's last character carries two spare bits: only the canonical spelling is the token.
  if (given.toString('base64url') !== signature) return null;
  const expiresAt = new Date(Number.parseInt(expiry, 36) * 1000);
  return expiresAt.getTime() > now.getTime() ? { appointmentId, expiresAt } : null;
}

/** The page a request links to: the form, with the token in the fragment. */
export function feedbackLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/feedback#t=${token}`;
}
