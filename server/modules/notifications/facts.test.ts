// Which visits still get reminders, and the reason recorded when their pending messages are
// dropped. (loadVisit and calendarRootOf read MySQL: tests/integration/notifications.)
import { describe, expect, it } from 'vitest';
import { APPOINTMENT_STATUSES } from '../../../db/schema/scheduling.js';
import { isRemindable, notRemindableReason, type Visit } from './facts.js';

const now = new Date('2026-06-01T09:00:00Z');
const later = new Date('2026-06-01T10:00:00Z');
const earlier = new Date('2026-06-01T08:00:00Z');

/** The fields these rules read; the rest of a loaded visit does not matter to them. */
const visit = (over: Partial<Visit>): Visit =>
  ({ status: 'scheduled', walkIn: false, startAt: later, cancelReason: null, ...over }) as Visit;

describe('isRemindable', () => {
  it.each(APPOINTMENT_STATUSES)('a booked visit ahead that is %s', (status) => {
    expect(isRemindable(visit({ status }), now)).toBe(status === 'scheduled' || status === 'confirmed');
  });

  it('not a walk-in, even a scheduled one ahead', () => {
    expect(isRemindable(visit({ walkIn: true }), now)).toBe(false);
  });

  it('not a visit starting now or already started', () => {
    expect(isRemindable(visit({ startAt: now }), now)).toBe(false);
    expect(isRemindable(visit({ startAt: earlier }), now)).toBe(false);
    expect(isRemindable(visit({ startAt: new Date(now.getTime() + 1) }), now)).toBe(true);
  });
});

describe('notRemindableReason', () => {
  it('tells a visit moved away from a cancelled one', () => {
    expect(notRemindableReason(visit({ status: 'cancelled', cancelReason: 'Rescheduled' }), now)).toBe('appointment_rescheduled');
    expect(notRemindableReason(visit({ status: 'cancelled', cancelReason: 'Feeling better' }), now)).toBe('appointment_cancelled');
  });

  it('names the status a visit has moved on to', () => {
    expect(notRemindableReason(visit({ status: 'checked_in' }), now)).toBe('appointment_checked_in');
    expect(notRemindableReason(visit({ status: 'no_show' }), now)).toBe('appointment_no_show');
    expect(notRemindableReason(visit({ status: 'completed', startAt: earlier }), now)).toBe('appointment_completed');
  });

  it('says the visit has started when a still-booked visit’s time has come', () => {
    expect(notRemindableReason(visit({ status: 'confirmed', startAt: now }), now)).toBe('visit_already_started');
    expect(notRemindableReason(visit({ status: 'scheduled', startAt: earlier }), now)).toBe('visit_already_started');
  });

  it('falls back to "changed" for a booked visit still ahead (a walk-in)', () => {
    expect(notRemindableReason(visit({ walkIn: true }), now)).toBe('appointment_changed');
  });
});
