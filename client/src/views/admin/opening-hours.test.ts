import { describe, expect, it } from 'vitest';
import { linesOf, rangesOf, summaryOf } from './opening-hours';

const blank = ['', '', '', '', '', '', ''];

describe('opening hours in the location form', () => {
  it('reads a morning and an afternoon in any order, with a 9:00 short hour, and writes them back', () => {
    const lines = [...blank];
    lines[0] = '14:00-19:00, 8:00 – 12:30';
    lines[5] = '09:00 to 13:00';
    const read = rangesOf(lines);
    expect(read).toEqual({
      ranges: [
        { weekday: 1, opens: '08:00', closes: '12:30' },
        { weekday: 1, opens: '14:00', closes: '19:00' },
        { weekday: 6, opens: '09:00', closes: '13:00' },
      ],
    });
    if (!('ranges' in read)) throw new Error('expected ranges');
    expect(linesOf(read.ranges)).toEqual(['08:00–12:30, 14:00–19:00', '', '', '', '', '09:00–13:00', '']);
  });

  it('names the day of a range it cannot read, one that closes first, and two that meet', () => {
    expect(rangesOf(['', 'nine to five', '', '', '', '', ''])).toMatchObject({ day: 1, problem: expect.stringContaining('Tuesday') });
    expect(rangesOf(['', '', '18:00–08:00', '', '', '', ''])).toMatchObject({ day: 2, problem: expect.stringContaining('closes before') });
    expect(rangesOf(['08:00–12:00, 12:00–18:00', '', '', '', '', '', ''])).toMatchObject({
      day: 0,
      problem: expect.stringContaining('overlap'),
    });
  });

  it('sums up a week, joining days with the same hours', () => {
    const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' }));
    expect(summaryOf([...weekdays, { weekday: 6, opens: '09:00', closes: '13:00' }])).toBe('Mon–Fri 08:00–18:00 · Sat 09:00–13:00');
    expect(summaryOf([])).toBe('Not given');
  });
});
