// Refusals about amounts are told with the figure the hub sent (the balance, what is refundable),
// in the invoice's currency; anything else is the shared sentence.
import { describe, expect, it } from 'vitest';
import { ApiError, SENTENCES } from '../../lib/errors';
import { explain, methodOf } from './words';

const refusal = (code: string, details?: Record<string, unknown>) =>
  new ApiError(code, 409, 'for developers', {}, { statusCode: 409, code, message: 'for developers', ...(details ? { details } : {}) });

describe('explain', () => {
  it('adds what is still owed to OVERPAYMENT and what can be refunded to REFUND_EXCEEDS_PAYMENT', () => {
    expect(explain(refusal('OVERPAYMENT', { balanceMinor: 6500 }), 'USD')).toMatch(
      /^That is more than is still owed on this invoice\. Still owed: (US)?\$65\.00\.$/,
    );
    expect(explain(refusal('REFUND_EXCEEDS_PAYMENT', { refundableMinor: 1500 }), 'JPY')).toMatch(
      /^That is more than can still be refunded on this payment\. At most .?1,500 can be refunded\.$/,
    );
  });

  it('keeps the shared sentence when the figure is missing or not a whole number, and for other codes', () => {
    expect(explain(refusal('OVERPAYMENT'), 'USD')).toBe(SENTENCES.OVERPAYMENT);
    expect(explain(refusal('OVERPAYMENT', { balanceMinor: 12.5 }), 'USD')).toBe(SENTENCES.OVERPAYMENT);
    expect(explain(refusal('ONLINE_PAYMENT_DISABLED'))).toBe(SENTENCES.ONLINE_PAYMENT_DISABLED);
    expect(explain('Type the amount taken.')).toBe('Type the amount taken.');
    expect(explain(new Error('boom'))).toBe(SENTENCES.INTERNAL);
  });
});

describe('methodOf', () => {
  it('names a card paid online apart from one at the desk', () => {
    expect(methodOf({ method: 'card', gateway: 'stripe' })).toBe('Card (online)');
    expect(methodOf({ method: 'cash', gateway: 'desk' })).toBe('Cash');
  });
});
