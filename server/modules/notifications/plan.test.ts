// The planning rules without I/O: job ids, quiet hours (across midnight and DST), skipped
// reminders and channel availability.
import { describe, expect, it } from 'vitest';
import {
  channelBlocked,
  dedupeKey,
  notificationJobId,
  outsideQuietHours,
  planFeedbackRequest,
  planNotice,
  planReminders,
  type Recipient,
} from './plan.js';

const QUIET = { startHour: 21, endHour: 8 };
const who: Recipient = {
  timezone: 'Europe/Berlin',
  email: 'ana@example.test',
  phone: '+4915112345678',
  userId: 'U1',
  notifyEmail: true,
  notifySms: true,
  notifyInApp: true,
};
const all = { email: true, sms: true };
const utc = (iso: string) => new Date(iso);

describe('job ids', () => {
  it('are deterministic, carry appointment, kind, offset and start, and never contain ":"', () => {
    const start = utc('2026-12-03T09:30:00Z');
    const id = notificationJobId('01JAPPT', 'reminder', 'PT2H', start);
    expect(id).toBe(`reminder-01JAPPT-PT2H-${start.getTime()}`);
    expect(notificationJobId('01JAPPT', 'reminder', 'PT2H', start)).toBe(id);
    expect(notificationJobId('01JAPPT', 'reminder', 'PT2H', utc('2026-12-03T10:00:00Z'))).not.toBe(id);
    expect(notificationJobId('01JAPPT', 'confirmation', null, start)).toBe(`confirmation-01JAPPT-now-${start.getTime()}`);
    expect(id).not.toContain(':');
    expect(dedupeKey('01JAPPT', 'reminder', 'PT2H', start, 'sms')).toBe(`${id}-sms`);
  });
});

describe('quiet hours', () => {
  const visit = utc('2026-12-04T14:00:00Z'); // 15:00 in Berlin
  it('leave a daytime time alone', () => {
    expect(outsideQuietHours(utc('2026-12-03T14:00:00Z'), visit, 'Europe/Berlin', QUIET)).toEqual(utc('2026-12-03T14:00:00Z'));
  });
  it('move an evening time to 08:00 the next local morning', () => {
    // 22:30 Berlin (CET, UTC+1) → 08:00 Berlin = 07:00Z
    expect(outsideQuietHours(utc('2026-12-03T21:30:00Z'), visit, 'Europe/Berlin', QUIET)).toEqual(utc('2026-12-04T07:00:00Z'));
  });
  it('move a small-hours time to 08:00 the same local morning', () => {
    expect(outsideQuietHours(utc('2026-12-04T02:00:00Z'), visit, 'Europe/Berlin', QUIET)).toEqual(utc('2026-12-04T07:00:00Z'));
  });
  it('use the patient’s zone, not the server’s', () => {
    // 14:00Z is 09:00 in New York: not quiet there; 23:00 in Tokyo: quiet there.
    expect(outsideQuietHours(utc('2026-12-03T14:00:00Z'), visit, 'America/New_York', QUIET)).toEqual(utc('2026-12-03T14:00:00Z'));
    expect(outsideQuietHours(utc('2026-12-03T14:00:00Z'), visit, 'Asia/Tokyo', QUIET)).toEqual(utc('2026-12-03T23:00:00Z'));
  });
  it('keep the time when the visit starts before the quiet hours end', () => {
    const early = utc('2026-12-04T06:30:00Z'); // 07:30 Berlin
    expect(outsideQuietHours(utc('2026-12-04T04:30:00Z'), early, 'Europe/Berlin', QUIET)).toEqual(utc('2026-12-04T04:30:00Z'));
  });
  it('end at 08:00 local on a DST morning too', () => {
    // 29 March 2026, Berlin springs to CEST (UTC+2) at 02:00: 08:00 local is 06:00Z.
    expect(outsideQuietHours(utc('2026-03-29T00:30:00Z'), utc('2026-03-30T08:00:00Z'), 'Europe/Berlin', QUIET)).toEqual(
      utc('2026-03-29T06:00:00Z'),
    );
  });
  it('can be turned off', () => {
    expect(outsideQuietHours(utc('2026-12-03T22:30:00Z'), visit, 'Europe/Berlin', { startHour: 0, endHour: 0 })).toEqual(
      utc('2026-12-03T22:30:00Z'),
    );
  });
});

describe('reminders', () => {
  const start = utc('2026-12-04T14:00:00Z');
  const offsets = [
    { iso: 'P1D', ms: 86_400_000 },
    { iso: 'PT2H', ms: 7_200_000 },
  ];
  it('one per offset and channel, at start minus the offset', () => {
    const plan = planReminders(start, offsets, who.timezone, QUIET, utc('2026-12-01T10:00:00Z'));
    expect(plan).toHaveLength(6);
    expect(plan.every((p) => p.status === 'scheduled' && p.reason === null)).toBe(true);
    expect(new Set(plan.filter((p) => p.offset === 'P1D').map((p) => p.dueAt.toISOString()))).toEqual(
      new Set(['2026-12-03T14:00:00.000Z']),
    );
    expect(new Set(plan.filter((p) => p.offset === 'PT2H').map((p) => p.dueAt.toISOString()))).toEqual(
      new Set(['2026-12-04T12:00:00.000Z']),
    );
  });
  it('a visit booked inside an offset records that reminder as skipped, with the reason', () => {
    const plan = planReminders(start, offsets, who.timezone, QUIET, utc('2026-12-04T09:00:00Z'));
    expect(plan.filter((p) => p.offset === 'P1D').map((p) => [p.status, p.reason])).toEqual([
      ['skipped', 'booked_inside_offset'],
      ['skipped', 'booked_inside_offset'],
      ['skipped', 'booked_inside_offset'],
    ]);
    expect(plan.filter((p) => p.offset === 'PT2H').every((p) => p.status === 'scheduled')).toBe(true);
  });
  it('a reminder that fell due while the planner lagged is due at once, not skipped', () => {
    // Booked at 09:00 for 14:00; the PT2H reminder (12:00) is planned only at 12:30.
    const plan = planReminders(start, offsets, who.timezone, QUIET, utc('2026-12-04T09:00:00Z'));
    const late = plan.filter((p) => p.offset === 'PT2H');
    expect(late.every((p) => p.status === 'scheduled' && p.dueAt.toISOString() === '2026-12-04T12:00:00.000Z')).toBe(true);
  });
  it('a notice for a visit that has already begun is skipped', () => {
    const plan = planNotice('cancelled', start, who.timezone, QUIET, utc('2026-12-04T15:00:00Z'));
    expect(plan.map((p) => p.reason)).toEqual(['visit_already_started', 'visit_already_started', 'visit_already_started']);
  });
});

describe('feedback requests', () => {
  const start = utc('2026-12-04T09:00:00Z');
  const completed = utc('2026-12-04T09:40:00Z');
  const twoHours = 7_200_000;
  it('one per channel, about the visit, FEEDBACK_DELAY after its completion', () => {
    const plan = planFeedbackRequest('01JAPPT', start, completed, twoHours, 'Europe/Berlin', QUIET, completed);
    expect(plan.map((p) => p.channel)).toEqual(['email', 'sms', 'in_app']);
    for (const p of plan) {
      expect(p).toMatchObject({ kind: 'feedback_request', subjectId: '01JAPPT', offset: null, startAt: start, status: 'scheduled' });
      expect(p.dueAt).toEqual(utc('2026-12-04T11:40:00Z'));
    }
  });
  it('waits for the patient’s quiet hours to end, whatever the visit (it is over)', () => {
    // Completed 20:30 Berlin; two hours later is 22:30: quiet until 08:00 the next morning (07:00Z).
    const plan = planFeedbackRequest('01JAPPT', start, utc('2026-12-04T19:30:00Z'), twoHours, 'Europe/Berlin', QUIET, completed);
    expect(new Set(plan.map((p) => p.dueAt.toISOString()))).toEqual(new Set(['2026-12-05T07:00:00.000Z']));
  });
  it('a planner that got to it late sends it now, out of quiet hours', () => {
    const late = utc('2026-12-04T22:00:00Z'); // 23:00 Berlin, long after 11:40Z
    const plan = planFeedbackRequest('01JAPPT', start, completed, twoHours, 'Europe/Berlin', QUIET, late);
    expect(plan[0]?.dueAt).toEqual(utc('2026-12-05T07:00:00Z'));
    const lateByDay = utc('2026-12-04T15:00:00Z');
    expect(planFeedbackRequest('01JAPPT', start, completed, twoHours, 'Europe/Berlin', QUIET, lateByDay)[0]?.dueAt).toEqual(lateByDay);
  });
});

describe('channels', () => {
  it('say why they cannot carry a message', () => {
    expect(channelBlocked('email', who, all)).toBeNull();
    expect(channelBlocked('email', who, { email: false, sms: true })).toBe('email_not_configured');
    expect(channelBlocked('email', { ...who, email: null }, all)).toBe('no_email_address');
    expect(channelBlocked('email', { ...who, notifyEmail: false }, all)).toBe('patient_opted_out');
    expect(channelBlocked('sms', { ...who, notifySms: false }, all)).toBe('patient_opted_out');
    expect(channelBlocked('sms', { ...who, phone: '0151 123' }, all)).toBe('no_valid_phone');
    expect(channelBlocked('sms', who, { email: true, sms: false })).toBe('sms_not_configured');
    expect(channelBlocked('in_app', { ...who, userId: null }, all)).toBe('no_portal_account');
    expect(channelBlocked('in_app', { ...who, notifyInApp: false }, all)).toBe('patient_opted_out');
  });
});
