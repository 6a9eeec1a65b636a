// The pure parts of a patient's identity: the name key search and duplicates compare, the masked
// phone a 409 shows, and the birth-date rule (refusals carry the field and a sentence for people).
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { checkBirthDate, maskPhone, nameKey } from './identity.js';

describe('nameKey', () => {
  it('drops case, accents, spaces and punctuation', () => {
    expect(nameKey("O'Brien")).toBe('obrien');
    expect(nameKey('O’Brien')).toBe('obrien');
    expect(nameKey('o brien')).toBe('obrien');
    expect(nameKey('José')).toBe('jose');
    expect(nameKey('García-Márquez')).toBe('garciamarquez');
    expect(nameKey('%_')).toBe('');
  });
});

describe('maskPhone', () => {
  it('shows the last four digits only', () => {
    expect(maskPhone('+12125550111')).toBe('•••••••0111');
    expect(maskPhone('123')).toBe('••••');
  });
});

describe('checkBirthDate', () => {
  const now = new Date('2026-12-04T10:00:00Z');
  const refusal = (value: string) => {
    try {
      checkBirthDate(value, now);
      return null;
    } catch (err) {
      return err instanceof AppError ? { status: err.statusCode, ...err.details } : err;
    }
  };

  it('accepts 1900-01-01 up to today, and tomorrow where it is already tomorrow (UTC+14)', () => {
    for (const ok of ['1900-01-01', '1985-06-30', '2026-12-04', '2026-12-05']) expect(refusal(ok), ok).toBeNull();
  });

  it('refuses 1850, later days and impossible ones with the field and a reason', () => {
    expect(refusal('1850-04-01')).toEqual({
      status: 400,
      field: 'dateOfBirth',
      reason: 'A date of birth cannot be before 1900. Please check the year.',
    });
    expect(refusal('2026-12-06')).toMatchObject({ field: 'dateOfBirth', reason: 'A date of birth cannot be in the future.' });
    expect(refusal('1990-02-30')).toMatchObject({ field: 'dateOfBirth', reason: 'That date of birth is not a real calendar date.' });
  });
});
