// The hub's minor units (Intl's digits) against Stripe's amounts (Stripe's own list of digits):
// exact both ways, and null, never rounded, where they do not meet.
import { describe, expect, it } from 'vitest';
import { fromStripeAmount, stripeDigits, toStripeAmount } from './stripe-gateway.js';

describe('stripeDigits', () => {
  it('follows Stripe’s lists, not ISO 4217 or Intl', () => {
    expect(['JPY', 'KRW', 'VND', 'XOF', 'CLP', 'UGX', 'MGA'].map(stripeDigits)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(['BHD', 'JOD', 'KWD', 'OMR', 'TND'].map(stripeDigits)).toEqual([3, 3, 3, 3, 3]);
    expect(['USD', 'EUR', 'ISK', 'HUF', 'COP', 'IDR', 'LYD'].map(stripeDigits)).toEqual([2, 2, 2, 2, 2, 2, 2]);
  });
});

describe('toStripeAmount', () => {
  it.each([
    [1_234, 'USD', 1_234],
    [5_000, 'JPY', 5_000],
    // Intl writes ISK, HUF, COP, IDR with no decimals; Stripe wants 2.
    [1_500, 'ISK', 150_000],
    [99, 'HUF', 9_900],
    [250_000, 'COP', 25_000_000],
    [10_000, 'IDR', 1_000_000],
    // LYD: Intl 3 decimals, Stripe 2 — only whole hundredths.
    [12_340, 'LYD', 1_234],
    // Three-decimal currencies: the amount must end in 0.
    [1_230, 'KWD', 1_230],
    [5_000, 'BHD', 5_000],
  ])('%i %s → %i', (minor, currency, stripe) => {
    expect(toStripeAmount(minor, currency)).toBe(stripe);
    expect(fromStripeAmount(stripe, currency)).toBe(minor);
  });

  it.each([
    [12_345, 'LYD'],
    [1, 'LYD'],
    [1_235, 'KWD'],
    [7, 'OMR'],
    [1.5, 'USD'],
    [Number.MAX_SAFE_INTEGER, 'ISK'],
  ])('refuses %s %s (not exact)', (minor, currency) => {
    expect(toStripeAmount(minor, currency)).toBeNull();
  });
});

describe('fromStripeAmount', () => {
  it('turns Stripe’s amounts into the hub’s, refusing what the hub cannot keep exactly', () => {
    expect(fromStripeAmount(1_234, 'LYD')).toBe(12_340);
    expect(fromStripeAmount(1_235, 'KWD')).toBe(1_235);
    expect(fromStripeAmount(150_050, 'ISK')).toBeNull();
    expect(fromStripeAmount(1_999, 'HUF')).toBeNull();
    expect(fromStripeAmount(1_900, 'HUF')).toBe(19);
    expect(fromStripeAmount(42, 'JPY')).toBe(42);
    expect(fromStripeAmount(-100, 'ISK')).toBe(-1);
  });
});
