import { describe, expect, it } from 'vitest';
import { lookOf } from './look.js';

const now = new Date('2030-03-01T08:00:00Z');
const notice = (type: string, data: Record<string, unknown> = {}) => ({ type, title: 'T', body: 'B', data });

describe('inbox look per notice', () => {
  it('sends a message to the page where each role reads it, and nowhere for a role without one', () => {
    expect(lookOf(notice('message'), 'patient', now).actionUrl).toBe('/patient#messages');
    expect(lookOf(notice('message'), 'doctor', now).actionUrl).toBe('/doctor');
    expect(lookOf(notice('message'), 'receptionist', now).actionUrl).toBeNull();
  });

  it('files follow-ups and stock alerts for the people who act on them', () => {
    expect(lookOf(notice('feedback_follow_up'), 'admin', now)).toEqual({
      priority: 'high',
      actionUrl: '/admin/feedback?followUp=open',
      expiresAt: null,
    });
    expect(lookOf(notice('stock_low'), 'pharmacist', now).actionUrl).toBe('/pharmacy?view=stock');
    // Admins have no stock page: the item is there, without a link.
    expect(lookOf(notice('stock_low'), 'admin', now).actionUrl).toBeNull();
  });

  it('lets a visit reminder expire when the visit starts, and a queue call after half a day', () => {
    const startAt = '2030-03-02T09:30:00.000Z';
    expect(lookOf(notice('appointment_reminder', { startAt }), 'patient', now).expiresAt).toEqual(new Date(startAt));
    expect(lookOf(notice('appointment_reminder', { startAt: 'soon' }), 'patient', now).expiresAt).toBeNull();
    expect(lookOf(notice('appointment_cancelled', { startAt }), 'patient', now).expiresAt).toBeNull();
    expect(lookOf(notice('called'), 'patient', now)).toEqual({
      priority: 'high',
      actionUrl: '/patient#visits',
      expiresAt: new Date('2030-03-01T20:00:00Z'),
    });
  });

  it('files an unknown type as normal, without a link or an expiry', () => {
    expect(lookOf(notice('something_new'), 'nurse', now)).toEqual({ priority: 'normal', actionUrl: null, expiresAt: null });
  });
});
