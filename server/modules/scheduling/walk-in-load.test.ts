// The walk-in load projection: when the doctor will have worked through today's queue, around
// booked visits that keep their time, breaks and the end of the day.
import { describe, expect, it } from 'vitest';
import { queueClearTime } from './walk-in-load.js';

/** Minutes after 09:00 UTC on a fixed day. */
const t = (minutes: number) => new Date(Date.UTC(2026, 5, 1, 9, minutes));
const day = [{ start: t(0), end: t(8 * 60) }]; // 09:00–17:00

describe('queueClearTime', () => {
  it('is the start itself when nobody waits', () => {
    expect(queueClearTime({ windows: day, fixed: [], from: t(30), visits: 0, visitMinutes: 15 })).toEqual(t(30));
  });

  it('adds one typical visit per waiting patient', () => {
    expect(queueClearTime({ windows: day, fixed: [], from: t(30), visits: 4, visitMinutes: 15 })).toEqual(t(90));
  });

  it('works around booked visits that keep their time, never splitting a visit', () => {
    // A booked visit 09:40–10:00: two visits fit 09:00–09:30, the third would end 09:45, so it waits until 10:00.
    const fixed = [{ start: t(40), end: t(60) }];
    expect(queueClearTime({ windows: day, fixed, from: t(0), visits: 3, visitMinutes: 15 })).toEqual(t(75));
  });

  it('skips breaks between working windows', () => {
    const windows = [
      { start: t(0), end: t(180) },
      { start: t(240), end: t(480) },
    ];
    expect(queueClearTime({ windows, fixed: [], from: t(150), visits: 3, visitMinutes: 15 })).toEqual(t(255));
  });

  it('is null when the queue runs past the end of the working day', () => {
    // 12 walk-ins of 30 minutes from 13:00 need until 19:00; the day ends at 17:00.
    expect(queueClearTime({ windows: day, fixed: [], from: t(240), visits: 12, visitMinutes: 30 })).toBeNull();
  });

  it('starts at the opening time when the queue forms before it', () => {
    expect(queueClearTime({ windows: day, fixed: [], from: t(-60), visits: 2, visitMinutes: 15 })).toEqual(t(30));
  });
});
