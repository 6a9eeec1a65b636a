// The bad-input table's cases for insurance claims, the cash-up and the takings (issue 16): each a
// 4xx with a stable code, nothing written (no claim, no payment, no cash-up). Sent as an admin,
// who could otherwise succeed.
import { DateTime } from 'luxon';
import type { BadInputCase } from '../../support/bad-input.js';
import type { DeskFixtures } from './desk-billing-fixtures.js';

const UNKNOWN_ID = '01JAAAAAAAAAAAAAAAAAAAAAAA';

export function deskBillingCases(fx: () => DeskFixtures): BadInputCase[] {
  const claim = { provider: 'Acme Health', policyNumber: 'POL-1', claimedMinor: 1_000 };
  const submit = (name: string, body: unknown, status = 400, code = 'VALIDATION_FAILED', id = () => fx().openInvoiceId): BadInputCase => ({
    name: `billing desk: claim ${name}`,
    url: () => `/api/invoices/${id()}/claims`,
    body,
    status,
    code,
  });
  const decide = (name: string, body: unknown, status = 400, code = 'VALIDATION_FAILED', id = () => fx().pendingClaimId): BadInputCase => ({
    name: `billing desk: decision ${name}`,
    url: () => `/api/claims/${id()}/decision`,
    body,
    status,
    code,
  });
  const day = () => DateTime.now().setZone('Europe/Berlin').minus({ days: 1 }).toISODate()!;
  const future = () => DateTime.now().setZone('Europe/Berlin').plus({ days: 2 }).toISODate()!;
  const close = (
    name: string,
    over: (f: DeskFixtures) => Record<string, unknown>,
    status = 400,
    code = 'VALIDATION_FAILED',
  ): BadInputCase => ({
    name: `billing desk: cash-up ${name}`,
    url: '/api/cash-ups',
    body: () => ({ locationId: fx().locationId, day: day(), counted: { cash: 100 }, ...over(fx()) }),
    status,
    code,
  });
  const get = (name: string, url: () => string, status = 400, code = 'VALIDATION_FAILED'): BadInputCase => ({
    name: `billing desk: ${name}`,
    method: 'GET',
    url,
    status,
    code,
  });
  return [
    submit('of zero', { ...claim, claimedMinor: 0 }),
    submit('negative', { ...claim, claimedMinor: -500 }),
    submit('with a fraction of a cent', { ...claim, claimedMinor: 10.5 }),
    submit('above 100 million', { ...claim, claimedMinor: 100_000_001 }),
    submit('as a string', { ...claim, claimedMinor: '1000' }),
    submit('with an unknown field', { ...claim, approved: true }),
    submit('without a policy number', { provider: 'Acme Health', claimedMinor: 1_000 }),
    submit('with a blank provider', { ...claim, provider: '   ' }),
    submit('with an operator object', { ...claim, provider: { $ne: null } }),
    submit('above the balance', { ...claim, claimedMinor: 5_001 }, 409, 'OVERPAYMENT'),
    submit('beside a pending one', claim, 409, 'CLAIM_PENDING', () => fx().claimedInvoiceId),
    submit('on a void invoice', claim, 409, 'INVOICE_VOID', () => fx().voidInvoiceId),
    submit('on an unknown invoice', claim, 404, 'NOT_FOUND', () => UNKNOWN_ID),
    submit('on a malformed invoice id', claim, 400, 'VALIDATION_FAILED', () => 'inv-1'),
    decide('with an unknown status', { status: 'maybe' }),
    decide('denied with an approved amount', { status: 'denied', approvedMinor: 1_000, reason: 'Not covered' }),
    decide('denied without a reason', { status: 'denied' }),
    decide('denied with a blank reason', { status: 'denied', reason: '   ' }),
    decide('approving zero', { status: 'approved', approvedMinor: 0 }),
    decide('approving more than claimed', { status: 'approved', approvedMinor: 3_001 }),
    decide('with an operator object', { status: { $ne: 'denied' } }),
    decide('of a decided claim', { status: 'approved' }, 409, 'CLAIM_DECIDED', () => fx().decidedClaimId),
    decide('of an unknown claim', { status: 'approved' }, 404, 'NOT_FOUND', () => UNKNOWN_ID),
    decide('of a malformed claim id', { status: 'approved' }, 400, 'VALIDATION_FAILED', () => 'claim-1'),
    close('with a negative count', () => ({ counted: { cash: -1 } })),
    close('with a fractional count', () => ({ counted: { cash: 10.5 } })),
    close('with an unknown method', () => ({ counted: { cheque: 100 } })),
    // Three methods at their most would overflow the difference column: each count is capped.
    close('with counts whose sum no column holds', () => ({
      counted: { cash: 1_000_000_000, card: 1_000_000_000, insurance: 1_000_000_000 },
    })),
    close('with a malformed day', () => ({ day: '2025-13-01' })),
    close('with a day that does not exist', () => ({ day: '2025-02-30' })),
    close('of a day not begun yet', () => ({ day: future() })),
    close('with a malformed desk', () => ({ desk: 'Front Desk' })),
    close('with an unknown field', () => ({ expected: { cash: 100 } })),
    close('with an operator object', () => ({ locationId: { $gt: '' } })),
    close('of an unknown location', () => ({ locationId: UNKNOWN_ID }), 404, 'NOT_FOUND'),
    get('expected without a day', () => `/api/cash-ups/expected?locationId=${fx().locationId}`),
    get('expected of a day not begun yet', () => `/api/cash-ups/expected?locationId=${fx().locationId}&day=${future()}`),
    get('cash-ups ending before they start', () => `/api/cash-ups?locationId=${fx().locationId}&from=2025-03-02&to=2025-03-01`),
    get('takings of a malformed location', () => '/api/billing/takings?locationId=main'),
    get('claims of an unknown status', () => '/api/claims?status=maybe'),
  ];
}
