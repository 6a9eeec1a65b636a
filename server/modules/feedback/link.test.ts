import { describe, expect, it } from 'vitest';
import { feedbackLinkUrl, signFeedbackToken, verifyFeedbackToken } from './link.js';

const secret = 'a-test-secret-of-at-least-32-characters!';
const visit = '01JF0000000000000000000000';
const later = new Date('2030-01-01T00:00:00Z');
const now = new Date('2029-12-01T00:00:00Z');

describe('feedback link token', () => {
  it('names the visit it was signed for until it expires', () => {
    const token = signFeedbackToken(secret, visit, later);
    expect(verifyFeedbackToken(secret, token, now)).toEqual({ appointmentId: visit, expiresAt: later });
    expect(verifyFeedbackToken(secret, token, new Date('2030-01-01T00:00:01Z'))).toBeNull();
  });

  it('refuses another secret, another visit, a changed expiry and garbage', () => {
    const token = signFeedbackToken(secret, visit, later);
    const [, expiry, signature] = token.split('.');
    expect(verifyFeedbackToken(`${secret}x`, token, now)).toBeNull();
    expect(verifyFeedbackToken(secret, `01JF0000000000000000000001.${expiry}.${signature}`, now)).toBeNull();
    expect(verifyFeedbackToken(secret, `${visit}.${(Number.parseInt(expiry!, 36) + 1).toString(36)}.${signature}`, now)).toBeNull();
    for (const bad of ['', '...', `${visit}..`, `${visit}.zz.${'A'.repeat(43)}`, `${token}.x`, token.slice(0, -1)]) {
      expect(verifyFeedbackToken(secret, bad, now)).toBeNull();
    }
  });

  it('puts the token in the fragment, which browsers never send', () => {
    expect(feedbackLinkUrl('https://clinic.example/', 'T')).toBe('https://clinic.example/feedback#t=T');
  });
});
