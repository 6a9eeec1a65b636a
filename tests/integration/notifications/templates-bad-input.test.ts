// Bad input to the notification template routes: unknown kinds and channels, languages that are
// not BCP 47, bodies too long or empty, operator objects, unknown fields, malformed braces,
// placeholders a kind does not have, subjects where a channel has none, SMS too long. Each is a
// 4xx with a stable code and no stack, sent by an admin (the caller who could otherwise succeed),
// and none of them stores a template or reaches the SMS gateway's length limit.
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationTemplates } from '../../../db/schema/index.js';
import type { BadInputCase } from '../../support/bad-input.js';
import { type Actor, bearer, staff } from '../../support/factories.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let admin: Actor;

beforeAll(async () => {
  hub = await startTestHub();
  admin = await staff(hub, 'admin');
});
afterAll(() => hub.close());

type Case = Omit<BadInputCase, 'method' | 'as'> & { method?: BadInputCase['method'] | 'DELETE' };

const T = '/api/notification-templates';
const REMINDER_EMAIL = `${T}/appointment_reminder/email/en`;
const REMINDER_SMS = `${T}/appointment_reminder/sms/en`;
const ok = { subject: 'Reminder: {{locationName}}', body: 'See you on {{startLocal}}.' };
const bad = (name: string, url: string, body: unknown, extra: Partial<Case> = {}): Case => ({
  name: `templates: ${name}`,
  method: 'PUT',
  url,
  body,
  status: 400,
  code: 'VALIDATION_FAILED',
  ...extra,
});

const CASES: Case[] = [
  bad('unknown kind', `${T}/appointment_party/email/en`, ok),
  bad('a clinical kind name', `${T}/lab_result/sms/en`, { body: 'x' }),
  bad('unknown channel', `${T}/appointment_reminder/fax/en`, ok),
  bad('language with an underscore', `${T}/appointment_reminder/email/en_GB`, ok),
  bad('language as a word', `${T}/appointment_reminder/email/english`, ok),
  bad('language with a digit where letters go', `${T}/appointment_reminder/email/e1`, ok),
  bad('language of 300 characters', `${T}/appointment_reminder/email/${'a'.repeat(300)}`, ok),
  bad('language with a path in it', `${T}/appointment_reminder/email/..%2Fen`, ok),
  bad('body too long', REMINDER_EMAIL, { ...ok, body: 'x'.repeat(4001) }),
  bad('empty body', REMINDER_EMAIL, { ...ok, body: '' }),
  bad('body of spaces only', REMINDER_EMAIL, { ...ok, body: '   \n  ' }),
  bad('body missing', REMINDER_EMAIL, { subject: 'x' }),
  bad('subject too long', REMINDER_EMAIL, { ...ok, subject: 's'.repeat(201) }),
  bad('subject over two lines', REMINDER_EMAIL, { ...ok, subject: 'Reminder\nBcc: someone@example.com' }),
  bad('operator object as body', REMINDER_EMAIL, { ...ok, body: { $ne: '' } }),
  bad('operator object as subject', REMINDER_EMAIL, { ...ok, subject: { $gt: '' } }),
  bad('body as an array', REMINDER_EMAIL, { ...ok, body: ['a', 'b'] }),
  bad('unknown field', REMINDER_EMAIL, { ...ok, html: '<b>hi</b>' }),
  bad('prototype pollution field', REMINDER_EMAIL, undefined, {
    // Refused by the JSON parser itself, before any schema sees it.
    raw: { payload: '{"body":"x","subject":"y","__proto__":{"isAdmin":true}}', contentType: 'application/json' },
    code: 'INVALID_JSON',
  }),
  bad('unbalanced braces: opened, never closed', REMINDER_EMAIL, { ...ok, body: 'See you on {{startLocal.' }),
  bad('unbalanced braces: closed, never opened', REMINDER_EMAIL, { ...ok, body: 'See you on startLocal}}.' }),
  bad('unbalanced braces: triple', REMINDER_EMAIL, { ...ok, body: 'See you on {{{startLocal}}}.' }),
  bad('unbalanced braces: spaces inside', REMINDER_EMAIL, { ...ok, body: 'See you on {{ startLocal }}.' }),
  bad('unbalanced braces: section never closed', REMINDER_EMAIL, { ...ok, body: '{{#doctorName}}with {{doctorName}}' }),
  bad('unbalanced braces in the subject', REMINDER_EMAIL, { ...ok, subject: 'Reminder {{locationName' }),
  bad('an SMS with a subject', REMINDER_SMS, { subject: 'Reminder', body: 'See you on {{startLocal}}.' }),
  bad('an email without a subject', REMINDER_EMAIL, { body: 'See you on {{startLocal}}.' }),
  bad('an in-app notice with a null title', `${T}/appointment_reminder/in_app/en`, { subject: null, body: 'x' }),
  bad('unknown placeholder', REMINDER_EMAIL, { ...ok, body: 'Your visit about {{reason}}.' }, { code: 'UNKNOWN_PLACEHOLDER' }),
  bad('unknown placeholder in a section', REMINDER_SMS, { body: '{{#diagnosis}}x{{/diagnosis}}' }, { code: 'UNKNOWN_PLACEHOLDER' }),
  bad('a placeholder of another kind', `${T}/refill_denied/sms/en`, { body: 'Ref {{bookingReference}}' }, { code: 'UNKNOWN_PLACEHOLDER' }),
  bad('placeholder names are case-sensitive', REMINDER_SMS, { body: '{{StartLocal}}' }, { code: 'UNKNOWN_PLACEHOLDER' }),
  bad(
    'an SMS over three segments',
    `${T}/payment_failed/sms/en`,
    { body: `${'Please pay. '.repeat(35)}{{receiptUrl}}` },
    { code: 'SMS_TOO_LONG' },
  ),
  bad('not JSON', REMINDER_EMAIL, undefined, { raw: { payload: '{"body": "x"', contentType: 'application/json' }, code: 'INVALID_JSON' }),
  { name: 'templates: list with an unknown parameter', method: 'GET', url: `${T}?kind=x`, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'templates: list with a bad language', method: 'GET', url: `${T}?language=Klingon!`, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'templates: reset of an unknown kind', method: 'DELETE', url: `${T}/x/email/en`, status: 400, code: 'VALIDATION_FAILED' },
  {
    name: 'templates: reset in a bad language',
    method: 'DELETE',
    url: `${T}/appointment_reminder/email/e%20n`,
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  bad('preview of an unknown kind', `${T}/preview`, { kind: 'x', channel: 'sms', language: 'en', body: 'x' }, { method: 'POST' }),
  bad(
    'preview with an unknown field',
    `${T}/preview`,
    { kind: 'feedback_request', channel: 'sms', language: 'en', body: 'x', save: true },
    { method: 'POST' },
  ),
  bad(
    'preview of an unknown placeholder',
    `${T}/preview`,
    { kind: 'feedback_request', channel: 'sms', language: 'en', body: '{{rating}}' },
    {
      method: 'POST',
      code: 'UNKNOWN_PLACEHOLDER',
    },
  ),
];

describe('bad input to notification templates', () => {
  it('has at least 30 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES)('$name → $status $code', async (c) => {
    const res = await hub.app.inject({
      method: c.method ?? 'POST',
      url: typeof c.url === 'function' ? c.url() : c.url,
      headers: {
        ...bearer(admin.token),
        ...(c.raw || c.body !== undefined ? { 'content-type': c.raw?.contentType ?? 'application/json' } : {}),
      },
      ...(c.raw ? { payload: c.raw.payload } : c.body !== undefined ? { payload: JSON.stringify(c.body) } : {}),
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(c.status);
    const json = res.json();
    expect(json).toMatchObject({ statusCode: c.status, code: c.code });
    expect(typeof json.message).toBe('string');
    expect(json).not.toHaveProperty('stack');
    expect(res.body).not.toMatch(/\.(ts|js):\d+/);
  });

  it('stored nothing', async () => {
    expect((await hub.app.db.select({ n: count() }).from(notificationTemplates))[0]?.n).toBe(0);
  });
});
