import { describe, expect, it } from 'vitest';
import { copyDay, emptyWeek, hoursOf, newRange, rulesFromWeek, type Week, weekFromRules } from './week';

const strip = (week: Week) => week.map((day) => day.map(({ locationId, start, end }) => ({ locationId, start, end })));

describe('the week grid and the hub’s rules', () => {
  it('keeps a morning and an afternoon at one location as one rule with a lunch break, and reads it back', () => {
    const week = emptyWeek();
    week[0] = [newRange('L1', '13:00', '17:00'), newRange('L1', '09:00', '12:00')];
    const answer = rulesFromWeek(week);
    expect(answer).toEqual({
      rules: [{ weekday: 1, start: '09:00', end: '17:00', locationId: 'L1', breaks: [{ start: '12:00', end: '13:00' }] }],
    });
    if (!('rules' in answer)) throw new Error('expected rules');
    const back = weekFromRules(answer.rules.map((r) => ({ ...r, breaks: r.breaks ?? [] })));
    expect(strip(back)[0]).toEqual([
      { locationId: 'L1', start: '09:00', end: '12:00' },
      { locationId: 'L1', start: '13:00', end: '17:00' },
    ]);
  });

  it('starts a new rule at another location, and joins ranges that touch', () => {
    const week = emptyWeek();
    week[2] = [newRange('L1', '08:00', '10:00'), newRange('L2', '11:00', '13:00'), newRange('L1', '14:00', '15:00')];
    week[6] = [newRange('L1', '08:00', '10:00'), newRange('L1', '10:00', '12:00')];
    expect(rulesFromWeek(week)).toEqual({
      rules: [
        { weekday: 3, start: '08:00', end: '10:00', locationId: 'L1', breaks: [] },
        { weekday: 3, start: '11:00', end: '13:00', locationId: 'L2', breaks: [] },
        { weekday: 3, start: '14:00', end: '15:00', locationId: 'L1', breaks: [] },
        { weekday: 7, start: '08:00', end: '12:00', locationId: 'L1', breaks: [] },
      ],
    });
  });

  it('says in words what is wrong with a day', () => {
    const week = emptyWeek();
    const late = newRange('L1', '11:00', '13:00');
    week[1] = [newRange('L1', '09:00', '12:00'), late];
    expect(rulesFromWeek(week)).toEqual({ problem: { day: 1, key: late.key, message: 'Tuesday: 09:00–12:00 and 11:00–13:00 overlap.' } });
    const backwards = newRange('L1', '17:00', '09:00');
    week[1] = [backwards];
    expect(rulesFromWeek(week)).toEqual({
      problem: { day: 1, key: backwards.key, message: 'Tuesday: 17:00–09:00 ends before it starts.' },
    });
    const blank = newRange('L1', '', '12:00');
    week[1] = [blank];
    expect(rulesFromWeek(week)).toMatchObject({
      problem: { key: blank.key, message: 'Tuesday: every range needs a start and an end time.' },
    });
  });

  it('copies a day onto others and sums its hours', () => {
    const week = emptyWeek();
    week[0] = [newRange('L1', '09:00', '12:00'), newRange('L1', '13:00', '17:30')];
    const copied = copyDay(week, 0, [1, 2, 3, 4]);
    expect(
      strip(copied)
        .slice(0, 5)
        .every((d) => JSON.stringify(d) === JSON.stringify(strip(week)[0])),
    ).toBe(true);
    expect(copied[5]).toEqual([]);
    expect(hoursOf(week[0])).toBe('7 h 30 min');
    expect(hoursOf([])).toBe('Off');
  });
});
