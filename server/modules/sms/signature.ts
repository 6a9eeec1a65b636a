// The HMAC signature of SMS webhook calls (docs/SMS.md). The provider sends
//   X-Clinic-Timestamp: <unix seconds>
//   X-Clinic-Signature: sha256=<hex HMAC-SHA256(SMS_WEBHOOK_SECRET, "<timestamp>.<raw body>")>
// and a call is accepted only when the signature matches the exact bytes received and the
// timestamp is within five minutes of our clock (so a captured call cannot be replayed later).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-clinic-timestamp';
export const SIGNATURE_HEADER = 'x-clinic-signature';
/** How far the timestamp may be from our clock, either way. */
export const MAX_SKEW_SECONDS = 300;

/** The X-Clinic-Signature value for a body sent at `timestamp` (unix seconds, as written in the header). */
export function signWebhook(secret: string, timestamp: string | number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex')}`;
}

export type HeaderCheck = { ok: true; timestamp: string; digest: Buffer } | { ok: false; reason: string };

const header = (value: string | string[] | undefined) => (typeof value === 'string' ? value.trim() : undefined);

/**
 * Everything that can be checked before the body is read: a secret is configured, both headers
 * are present and well-formed, and the timestamp is fresh.
 */
export function checkHeaders(
  secret: string | null,
  headers: Record<string, string | string[] | undefined>,
  now: Date = new Date(),
): HeaderCheck {
  if (secret === null) return { ok: false, reason: 'The SMS webhook is not configured (SMS_WEBHOOK_SECRET is unset)' };
  const timestamp = header(headers[TIMESTAMP_HEADER]);
  const signature = header(headers[SIGNATURE_HEADER]);
  if (!timestamp || !signature) return { ok: false, reason: 'X-Clinic-Timestamp and X-Clinic-Signature are required' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'X-Clinic-Timestamp must be unix seconds' };
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) {
    return { ok: false, reason: 'X-Clinic-Timestamp is more than 5 minutes from the server clock' };
  }
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(signature);
  if (!match) return { ok: false, reason: 'X-Clinic-Signature must be sha256=<64 hex digits>' };
  return { ok: true, timestamp, digest: Buffer.from(match[1]!, 'hex') };
}

/** Whether `digest` is the HMAC of "<timestamp>.<rawBody>", compared in constant time. */
export function signatureMatches(secret: string, timestamp: string, rawBody: string, digest: Buffer): boolean {
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest();
  return expected.length === digest.length && timingSafeEqual(expected, digest);
}
