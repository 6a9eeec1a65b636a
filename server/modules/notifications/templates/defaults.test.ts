// The built-in wordings are templates an admin could have saved: they parse, use only their kind's
// placeholders, have a subject exactly where the channel has one and fit an SMS with long values.
// And the checks an admin's wording goes through before it is stored.
import { describe, expect, it } from 'vitest';
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, TEMPLATE_KINDS } from '../../../../db/schema/index.js';
import { LONGEST_VALUES, PLACEHOLDERS, TEMPLATE_KIND_OF } from './catalogue.js';
import { DEFAULT_WORDINGS } from './defaults.js';
import { SMS_MAX_LENGTH } from './render.js';
import { checkWording } from './validate.js';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (err) {
    return err as { statusCode: number; code: string; details?: Record<string, unknown> };
  }
  throw new Error('not refused');
};

describe('built-in wordings', () => {
  it('every message kind has a template kind, and every template kind a wording on every channel', () => {
    expect(new Set(NOTIFICATION_KINDS.map((k) => TEMPLATE_KIND_OF[k]))).toEqual(new Set(TEMPLATE_KINDS));
    for (const kind of TEMPLATE_KINDS) for (const channel of NOTIFICATION_CHANNELS) expect(DEFAULT_WORDINGS[kind][channel]).toBeDefined();
  });

  it.each(TEMPLATE_KINDS)('%s: each channel’s wording passes the checks an admin’s does', (kind) => {
    for (const channel of NOTIFICATION_CHANNELS) {
      const length = checkWording(kind, channel, DEFAULT_WORDINGS[kind][channel]);
      if (channel === 'sms') expect(length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
    }
  });

  it('every placeholder has a long sample value', () => {
    for (const names of Object.values(PLACEHOLDERS)) for (const name of names) expect(LONGEST_VALUES[name], name).toBeTruthy();
  });
});

describe('checking an admin’s wording', () => {
  it('refuses a placeholder the kind does not have, saying which and what is allowed', () => {
    const err = refusal(() => checkWording('appointment_reminder', 'sms', { body: 'Your {{diagnosis}} visit' }));
    expect(err).toMatchObject({ statusCode: 400, code: 'UNKNOWN_PLACEHOLDER', details: { placeholder: 'diagnosis', field: 'body' } });
    expect(err.details?.allowed).toContain('startLocal');
    // A payment failure has no receipt; a prescription notice no booking reference.
    expect(refusal(() => checkWording('payment_failed', 'sms', { body: '{{receiptNumber}}' })).code).toBe('UNKNOWN_PLACEHOLDER');
    expect(refusal(() => checkWording('refill_denied', 'email', { subject: '{{bookingReference}}', body: 'x' })).details).toMatchObject({
      field: 'subject',
    });
  });

  it('refuses malformed braces as a validation failure', () => {
    expect(refusal(() => checkWording('feedback_request', 'sms', { body: 'Rate it: {{link}' }))).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      details: { field: 'body' },
    });
  });

  it('wants a subject for email and in-app, none for an SMS', () => {
    expect(refusal(() => checkWording('appointment_moved', 'email', { body: 'x' })).details).toMatchObject({ field: 'subject' });
    expect(refusal(() => checkWording('appointment_moved', 'in_app', { subject: null, body: 'x' })).code).toBe('VALIDATION_FAILED');
    expect(refusal(() => checkWording('appointment_moved', 'sms', { subject: 'Hi', body: 'x' })).details).toMatchObject({
      field: 'subject',
    });
  });

  it('refuses an SMS longer than three segments with long real values, even if short as written', () => {
    const body = `${'Please call us. '.repeat(24)}{{link}}`; // 392 characters as written, over 480 with a real link
    const err = refusal(() => checkWording('feedback_request', 'sms', { body }));
    expect(err).toMatchObject({ statusCode: 400, code: 'SMS_TOO_LONG', details: { maxLength: 480 } });
    expect(err.details?.length).toBeGreaterThan(480);
    expect(checkWording('feedback_request', 'sms', { body: 'Rate it: {{link}}' })).toBeLessThan(200);
  });
});
