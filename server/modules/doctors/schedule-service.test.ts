// The checks on a doctor's weekly schedule before it is stored: each rule runs forwards, breaks
// lie inside their rule, and no two rules overlap on a weekday, wherever they are. (Storing and
// reading the schedule needs MySQL: tests/integration.)
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { checkRules, type RuleInput } from './schedule-service.js';

const rule = (over: Partial<RuleInput> = {}): RuleInput => ({ weekday: 1, start: '09:00', end: '17:00', locationId: 'L1', ...over });

function refusal(rules: RuleInput[]): AppError | undefined {
  try {
    checkRules(rules);
    return undefined;
  } catch (err) {
    return err as AppError;
  }
}

describe('checkRules', () => {
  it('accepts an empty week, a normal week, and two shifts a day that only touch', () => {
    expect(refusal([])).toBeUndefined();
    expect(refusal([1, 2, 3, 4, 5].map((weekday) => rule({ weekday, breaks: [{ start: '12:00', end: '13:00' }] })))).toBeUndefined();
    expect(refusal([rule({ end: '12:00' }), rule({ start: '12:00', end: '18:00', locationId: 'L2' })])).toBeUndefined();
  });

  it('accepts the same hours on different weekdays', () => {
    expect(refusal([rule({ weekday: 1 }), rule({ weekday: 2 }), rule({ weekday: 0 })])).toBeUndefined();
  });

  it('refuses a rule that ends when or before it starts, naming it', () => {
    for (const bad of [rule({ start: '17:00', end: '09:00' }), rule({ start: '09:00', end: '09:00' })]) {
      const err = refusal([rule({ weekday: 2 }), bad]);
      expect(err?.statusCode).toBe(400);
      expect(err?.code).toBe('VALIDATION_FAILED');
      expect(err?.message).toBe('rules[1]: start must be before end');
    }
  });

  it('refuses a break outside its rule or running backwards', () => {
    const breaks = [
      { start: '08:30', end: '09:30' },
      { start: '16:30', end: '17:30' },
      { start: '13:00', end: '12:00' },
      { start: '12:00', end: '12:00' },
    ];
    for (const b of breaks) {
      const err = refusal([rule({ breaks: [b] })]);
      expect(err?.statusCode, JSON.stringify(b)).toBe(400);
      expect(err?.message).toBe('rules[0]: a break must lie inside 09:00-17:00');
    }
    expect(refusal([rule({ breaks: [{ start: '09:00', end: '17:00' }] })])).toBeUndefined();
  });

  it('refuses overlapping rules on one weekday, even at two locations and in any order, with SCHEDULE_OVERLAP', () => {
    const err = refusal([rule({ start: '13:00', end: '18:00', locationId: 'L2' }), rule({ weekday: 3 }), rule({ end: '14:00' })]);
    expect(err).toBeInstanceOf(AppError);
    expect(err?.statusCode).toBe(400);
    expect(err?.code).toBe('SCHEDULE_OVERLAP');
    expect(err?.message).toBe('Rules overlap on weekday 1 (09:00-14:00 and 13:00-18:00)');
  });

  it('refuses a rule inside another and two identical rules', () => {
    expect(refusal([rule(), rule({ start: '10:00', end: '11:00' })])?.code).toBe('SCHEDULE_OVERLAP');
    expect(refusal([rule(), rule()])?.code).toBe('SCHEDULE_OVERLAP');
  });
});
