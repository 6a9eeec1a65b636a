// Phone numbers to E.164: national numbers in the default country, international ones in any of
// the usual ways of writing them, and null for anything that is not a valid number.
import { describe, expect, it } from 'vitest';
import { phoneCountryFor, toE164 } from './phone.js';

describe('toE164', () => {
  it.each([
    ['(212) 555-0123', '+12125550123'],
    ['212-555-0123', '+12125550123'],
    ['212.555.0123', '+12125550123'],
    ['2125550123', '+12125550123'],
    ['1 212 555 0123', '+12125550123'],
    ['  +1 212 555 0123  ', '+12125550123'],
  ])('reads the US national number %j', (raw, e164) => {
    expect(toE164(raw, 'US')).toBe(e164);
  });

  it.each([
    ['+44 7911 123456', 'US'],
    ['+44 (0)7911 123456', 'DE'],
    ['07911 123456', 'GB'],
    ['0044 7911 123456', 'DE'],
    ['0044 7911 123456', 'US'],
    ['011 44 7911 123456', 'US'],
  ])('reads the UK number %j (default country %s)', (raw, country) => {
    expect(toE164(raw, country)).toBe('+447911123456');
  });

  it.each([
    ['+49 30 12345678', 'US'],
    ['+49 (0)30 12345678', 'US'],
    ['0049 30 12345678', 'DE'],
    ['0049 30 12345678', 'US'],
    ['030 12345678', 'DE'],
    ['030/123 456 78', 'DE'],
  ])('reads the German number %j (default country %s)', (raw, country) => {
    expect(toE164(raw, country)).toBe('+493012345678');
  });

  it('reads a German mobile number written nationally', () => {
    expect(toE164('0151 23456789', 'DE')).toBe('+4915123456789');
  });

  it('reads a national number in the default country, not another', () => {
    expect(toE164('030 12345678', 'DE')).toBe('+493012345678');
    expect(toE164('030 12345678', 'US')).toBeNull();
  });

  it.each([
    '',
    '   ',
    'hello',
    'call me maybe',
    '123',
    '+',
    '00',
    '+1 555 0100',
    '+999 123456',
    '12345678901234567890',
    '+49 30',
    `+1 212 555 0123${'9'.repeat(80)}`,
  ])('refuses %j', (raw) => {
    expect(toE164(raw, 'US')).toBeNull();
  });

  it('with an unknown default country accepts international numbers only', () => {
    expect(toE164('+44 7911 123456', 'XX')).toBe('+447911123456');
    expect(toE164('07911 123456', 'XX')).toBeNull();
  });
});

describe('phoneCountryFor', () => {
  it("uses the patient's country when it is a known one, else the default", () => {
    expect(phoneCountryFor('GB', 'US')).toBe('GB');
    expect(phoneCountryFor(null, 'US')).toBe('US');
    expect(phoneCountryFor(undefined, 'DE')).toBe('DE');
    expect(phoneCountryFor('XX', 'US')).toBe('US');
  });
});
