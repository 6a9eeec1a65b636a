// The SMS webhook's HMAC signature (docs/SMS.md): what is signed, which headers are accepted
// before the body is read, and the constant-time match on the exact bytes received.
import { describe, expect, it } from 'vitest';
import { checkHeaders, MAX_SKEW_SECONDS, SIGNATURE_HEADER, signatureMatches, signWebhook, TIMESTAMP_HEADER } from './signature.js';

const SECRET = 'whsec_test';
const TS = 1767225600; // 2026-01-01T00:00:00Z
const NOW = new Date(TS * 1000);
const BODY = '{"from":"+12125550123","body":"C"}';
/** HMAC-SHA256("whsec_test", "1767225600.<BODY>"), computed with openssl. */
const KNOWN = 'sha256=7931de6c24d1085b8ab6070ee9be238c9aeb7f9a5b99f32596f34301ed20668d';

const headers = (timestamp: string | number, signature: string) => ({
  [TIMESTAMP_HEADER]: String(timestamp),
  [SIGNATURE_HEADER]: signature,
});

describe('signWebhook', () => {
  it('is sha256= and the hex HMAC of "<timestamp>.<raw body>"', () => {
    expect(signWebhook(SECRET, TS, BODY)).toBe(KNOWN);
    expect(signWebhook(SECRET, String(TS), BODY)).toBe(KNOWN);
  });

  it('changes with the secret, the timestamp and every byte of the body', () => {
    expect(signWebhook('another', TS, BODY)).not.toBe(KNOWN);
    expect(signWebhook(SECRET, TS + 1, BODY)).not.toBe(KNOWN);
    expect(signWebhook(SECRET, TS, `${BODY} `)).not.toBe(KNOWN);
  });
});

describe('checkHeaders', () => {
  const reason = (result: ReturnType<typeof checkHeaders>) => (result.ok ? 'ok' : result.reason);

  it('accepts a fresh, well-formed pair and hands back the timestamp and the 32-byte digest', () => {
    const result = checkHeaders(SECRET, headers(TS, KNOWN), NOW);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.timestamp).toBe(String(TS));
    expect(result.digest).toHaveLength(32);
    expect(result.digest.toString('hex')).toBe(KNOWN.slice('sha256='.length));
  });

  it('refuses everything when no secret is configured', () => {
    expect(reason(checkHeaders(null, headers(TS, KNOWN), NOW))).toMatch(/not configured/);
  });

  it('needs both headers, as single strings', () => {
    expect(reason(checkHeaders(SECRET, { [SIGNATURE_HEADER]: KNOWN }, NOW))).toMatch(/required/);
    expect(reason(checkHeaders(SECRET, { [TIMESTAMP_HEADER]: String(TS) }, NOW))).toMatch(/required/);
    expect(reason(checkHeaders(SECRET, { [TIMESTAMP_HEADER]: [String(TS)], [SIGNATURE_HEADER]: KNOWN }, NOW))).toMatch(/required/);
    expect(reason(checkHeaders(SECRET, headers('  ', KNOWN), NOW))).toMatch(/required/);
  });

  it('needs the timestamp in unix seconds', () => {
    for (const bad of ['2026-01-01T00:00:00Z', '1767225600.5', '-1767225600', '1767225600000' /* 13 digits */]) {
      expect(reason(checkHeaders(SECRET, headers(bad, KNOWN), NOW)), bad).toMatch(/unix seconds/);
    }
  });

  it('accepts a clock five minutes off either way, and refuses one second more', () => {
    expect(MAX_SKEW_SECONDS).toBe(300);
    expect(checkHeaders(SECRET, headers(TS - 300, KNOWN), NOW).ok).toBe(true);
    expect(checkHeaders(SECRET, headers(TS + 300, KNOWN), NOW).ok).toBe(true);
    expect(reason(checkHeaders(SECRET, headers(TS - 301, KNOWN), NOW))).toMatch(/5 minutes/);
    expect(reason(checkHeaders(SECRET, headers(TS + 301, KNOWN), NOW))).toMatch(/5 minutes/);
  });

  it('needs the signature as sha256= and exactly 64 hex digits, in either case, around spaces', () => {
    const hex = KNOWN.slice('sha256='.length);
    expect(checkHeaders(SECRET, headers(TS, `sha256=${hex.toUpperCase()}`), NOW).ok).toBe(true);
    expect(checkHeaders(SECRET, headers(` ${TS} `, ` ${KNOWN} `), NOW).ok).toBe(true);
    for (const bad of [hex, `sha1=${hex}`, `sha256=${hex.slice(1)}`, `sha256=${hex}0`, `sha256=${hex.slice(1)}g`]) {
      expect(reason(checkHeaders(SECRET, headers(TS, bad), NOW)), bad).toMatch(/64 hex digits/);
    }
  });
});

describe('signatureMatches', () => {
  const digest = Buffer.from(KNOWN.slice('sha256='.length), 'hex');

  it('matches the signature of exactly these bytes at this timestamp with this secret', () => {
    expect(signatureMatches(SECRET, String(TS), BODY, digest)).toBe(true);
  });

  it('does not match another body (even re-serialised JSON), timestamp or secret', () => {
    expect(signatureMatches(SECRET, String(TS), '{"body":"C","from":"+12125550123"}', digest)).toBe(false);
    expect(signatureMatches(SECRET, String(TS + 1), BODY, digest)).toBe(false);
    expect(signatureMatches('another', String(TS), BODY, digest)).toBe(false);
  });

  it('answers false, without throwing, for a digest of the wrong length', () => {
    expect(signatureMatches(SECRET, String(TS), BODY, digest.subarray(0, 16))).toBe(false);
    expect(signatureMatches(SECRET, String(TS), BODY, Buffer.alloc(0))).toBe(false);
  });
});
