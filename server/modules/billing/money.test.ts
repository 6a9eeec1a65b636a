import { describe, expect, it } from 'vitest';
import { currencyDigits, formatMoney, isKnownCurrency, minorToDecimal } from './money.js';

describe('money', () => {
  it('knows the digits of each currency', () => {
    expect(currencyDigits('USD')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
  });

  it('writes minor units as exact decimals', () => {
    expect(minorToDecimal(123456, 2)).toBe('1234.56');
    expect(minorToDecimal(5, 2)).toBe('0.05');
    expect(minorToDecimal(-5, 2)).toBe('-0.05');
    expect(minorToDecimal(1050, 0)).toBe('1050');
    expect(minorToDecimal(1, 3)).toBe('0.001');
    // Past 2^53 a double would round; the string path keeps every digit.
    expect(minorToDecimal(9_007_199_254_740_991, 2)).toBe('90071992547409.91');
    expect(() => minorToDecimal(1.5, 2)).toThrow(RangeError);
  });

  it('formats in the currency and the reader’s locale', () => {
    expect(formatMoney(123456, 'USD', 'en-US')).toBe('$1,234.56');
    expect(formatMoney(123456, 'EUR', 'de-DE')).toBe('1.234,56\u00a0€');
    expect(formatMoney(1050, 'JPY', 'en-US')).toBe('¥1,050');
    expect(formatMoney(1, 'KWD', 'en-US')).toContain('0.001');
    // 0.1 + 0.2 style drift cannot happen: 30 minor units are exactly 0.30.
    expect(formatMoney(30, 'USD', 'en-US')).toBe('$0.30');
  });

  it('knows ISO 4217 codes and nothing else', () => {
    expect(isKnownCurrency('USD')).toBe(true);
    expect(isKnownCurrency('EUR')).toBe(true);
    expect(isKnownCurrency('usd')).toBe(false);
    expect(isKnownCurrency('XYZ')).toBe(false);
    expect(isKnownCurrency('US')).toBe(false);
  });
});
