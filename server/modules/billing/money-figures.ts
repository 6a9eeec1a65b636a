// Money of a span of time at a location, straight from the payments and refunds tables (billing
// owns them): what came in and went out by method, and what stays owed. The cash-up (one desk's
// drawer), today's takings and the metrics rollup (metrics/rollup.ts) all read them here, so the
// three agree on what a day's money is. Integer sums in SQL (DECIMAL in MariaDB, read as strings),
// converted once with Number: amounts are integers ≤ 1e8 each, far inside 2^53 in total.
import { and, eq, gte, inArray, lt, ne, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { invoices, PAYMENT_METHODS, type PaymentMethod, payments, refunds } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';

type Reader = Database | Tx;

export interface SpanMoney {
  /** Payments received in the span, by method (every method present, 0 when none). */
  received: Record<PaymentMethod, number>;
  /** Refunds that succeeded in the span, by the method of the payment refunded. */
  refunded: Record<PaymentMethod, number>;
  payments: number;
  refunds: number;
}

export interface SpanFilter {
  locationId: string;
  start: Date;
  end: Date;
  /** Only money that passed through this desk's drawer (online Stripe payments are in no drawer). */
  desk?: string;
}

export const zeroByMethod = (): Record<PaymentMethod, number> =>
  Object.fromEntries(PAYMENT_METHODS.map((m) => [m, 0])) as Record<PaymentMethod, number>;

/** Received less refunded, by method. */
export function netByMethod(money: SpanMoney): Record<PaymentMethod, number> {
  const net = zeroByMethod();
  for (const m of PAYMENT_METHODS) net[m] = money.received[m] - money.refunded[m];
  return net;
}

export const sumOf = (byMethod: Record<string, number>) => Object.values(byMethod).reduce((a, b) => a + b, 0);

/** Payments received and refunds succeeded in [start, end) at the location (and desk, when given). */
export async function moneyOfSpan(db: Reader, f: SpanFilter): Promise<SpanMoney> {
  const paymentWhere: SQL[] = [eq(payments.locationId, f.locationId), gte(payments.receivedAt, f.start), lt(payments.receivedAt, f.end)];
  // A refund counts where its money went out (its own location and desk), on its own day.
  const refundWhere: SQL[] = [
    eq(refunds.locationId, f.locationId),
    eq(refunds.status, 'succeeded'),
    gte(refunds.refundedAt, f.start),
    lt(refunds.refundedAt, f.end),
  ];
  if (f.desk !== undefined) {
    paymentWhere.push(eq(payments.desk, f.desk), ne(payments.gateway, 'stripe'));
    refundWhere.push(eq(refunds.desk, f.desk), ne(payments.gateway, 'stripe'));
  }
  const [received, refunded] = await Promise.all([
    db
      .select({ method: payments.method, total: sql<string>`sum(${payments.amountMinor})`, n: sql<string>`count(*)` })
      .from(payments)
      .where(and(...paymentWhere))
      .groupBy(payments.method),
    db
      .select({ method: payments.method, total: sql<string>`sum(${refunds.amountMinor})`, n: sql<string>`count(*)` })
      .from(refunds)
      .innerJoin(payments, eq(payments.id, refunds.paymentId))
      .where(and(...refundWhere))
      .groupBy(payments.method),
  ]);
  const out: SpanMoney = { received: zeroByMethod(), refunded: zeroByMethod(), payments: 0, refunds: 0 };
  for (const r of received) {
    out.received[r.method] = Number(r.total);
    out.payments += Number(r.n);
  }
  for (const r of refunded) {
    out.refunded[r.method] = Number(r.total);
    out.refunds += Number(r.n);
  }
  return out;
}

/** What is owed now on the location's open and partly paid invoices (void and paid ones owe nothing). */
export async function outstandingAt(db: Reader, locationId: string): Promise<number> {
  const [row] = await db
    .select({ owed: sql<string | null>`sum(${invoices.totalMinor} - ${invoices.paidMinor})` })
    .from(invoices)
    .where(and(eq(invoices.locationId, locationId), inArray(invoices.status, ['open', 'partially_paid'])));
  return Number(row?.owed ?? 0);
}

/**
 * What was owed on the location's invoices at `asOf`, rebuilt from history: invoices created
 * before it and not voided by then, their lines added before it and not voided by then, less
 * payments received before it and refunds (not failed: a pending refund already counts against
 * its payment, as in the ledger) made before it. For an instant at or after now this is exactly
 * the sum of today's balances.
 */
export async function outstandingAsOf(db: Reader, locationId: string, asOf: Date): Promise<number> {
  const at = sql`cast(${asOf} as datetime(3))`;
  const [rows] = (await db.execute(sql`
    select coalesce(sum(greatest(t.total - t.paid, 0)), 0) as owed from (
      select
        (select coalesce(sum(l.amount_minor), 0) from invoice_lines l
          where l.invoice_id = i.id and l.created_at < ${at} and (l.voided_at is null or l.voided_at >= ${at})) as total,
        (select coalesce(sum(p.amount_minor), 0) from payments p where p.invoice_id = i.id and p.received_at < ${at})
        - (select coalesce(sum(r.amount_minor), 0) from refunds r join payments p on p.id = r.payment_id
            where p.invoice_id = i.id and r.status <> 'failed' and r.refunded_at < ${at}) as paid
      from invoices i
      where i.location_id = ${locationId} and i.created_at < ${at} and (i.voided_at is null or i.voided_at >= ${at})
    ) t`)) as unknown as [{ owed: string | number }[]];
  return Number(rows[0]?.owed ?? 0);
}

export interface DayMoney {
  /** Payments received less refunds that succeeded, in the span. */
  revenueMinor: number;
  refundedMinor: number;
  /** Owed at the span's end, or now when the span has not ended yet. */
  outstandingMinor: number;
  /** Payments received in the span by method (gross: refunds are in refundedMinor). */
  paymentsByMethod: Record<PaymentMethod, number>;
}

/** The money figures of a location's span (a local day, or a range of them) for the metrics rollup and report. */
export async function moneyOfDays(db: Reader, locationId: string, start: Date, end: Date, now: Date): Promise<DayMoney> {
  const money = await moneyOfSpan(db, { locationId, start, end });
  const refundedMinor = sumOf(money.refunded);
  return {
    revenueMinor: sumOf(money.received) - refundedMinor,
    refundedMinor,
    outstandingMinor: await outstandingAsOf(db, locationId, end.getTime() < now.getTime() ? end : now),
    paymentsByMethod: money.received,
  };
}
