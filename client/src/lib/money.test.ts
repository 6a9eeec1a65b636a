// Typed amounts become integer minor units read with the reader's own decimal mark: "12,50" in a
// German pharmacy is €12.50, never €1,250.00.
import { describe, expect, it } from 'vitest';
import { amountText, money, parseMinor } from './money';

describe('parseMinor', () => {
  it('reads the decimal mark and grouping of the reader’s locale', () => {
    expect(parseMinor('12,50', 'EUR', 'de-DE')).toBe(1250);
    expect(parseMinor('1.250,5', 'EUR', 'de-DE')).toBe(125_050);
    expect(parseMinor('1 250,75', 'EUR', 'fr-FR')).toBe(125_075);
    expect(parseMinor('12.5', null, 'en-US')).toBe(1250);
    expect(parseMinor('1,250', null, 'en-GB')).toBe(125_000);
  });

  it('keeps the currency’s minor digits and refuses what is not an amount', () => {
    expect(parseMinor('1500', 'JPY', 'ja-JP')).toBe(1500);
    expect(parseMinor('15.5', 'JPY', 'en-US')).toBeNull();
    expect(parseMinor('12.345', 'EUR', 'en-US')).toBeNull();
    expect(parseMinor('-3', null, 'en-US')).toBeNull();
    expect(parseMinor('abc', null, 'en-US')).toBeNull();
    expect(parseMinor('  ', null, 'en-US')).toBeUndefined();
  });

  it('displays without a currency as a plain two-decimal number', () => {
    expect(money(null)).toBe('—');
    expect(money(1250)).toMatch(/^12[.,]50$/);
  });
});

describe('amountText', () => {
  it('writes minor units as a person types them, and parseMinor reads them back to the same number', () => {
    expect(amountText(1250, 'USD', 'en-GB')).toBe('12.50');
    expect(amountText(125_005, 'EUR', 'de-DE')).toBe('1250,05');
    expect(amountText(7, 'USD', 'en-US')).toBe('0.07');
    expect(amountText(1500, 'JPY', 'ja-JP')).toBe('1500');
    expect(amountText(1234, 'KWD', 'en-US')).toBe('1.234');
    for (const [minor, currency, locale] of [
      [99_999_999, 'USD', 'en-US'],
      [100, 'EUR', 'fr-FR'],
      [0, 'USD', 'en-GB'],
    ] as const)
      expect(parseMinor(amountText(minor, currency, locale), currency, locale)).toBe(minor);
  });
});
