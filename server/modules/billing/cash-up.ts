// The close of a desk's day and the reception's takings. A day is the location's local calendar
// day (its IANA zone, DST days of 23 or 25 hours included). What a drawer should hold is what was
// taken at that desk that day less what was refunded there that day (refunds that succeeded);
// online Stripe payments never passed through a drawer and are left out. A cash-up is stored once
// per location, desk and day (a unique index decides between concurrent closes).
import { and, asc, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { isDuplicateKey } from '../../../db/errors.js';
import { newId } from '../../../db/ids.js';
import type { Database } from '../../../db/mysql.js';
import { cashUps, PAYMENT_METHODS, type PaymentMethod } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { AppError, ErrorCode, invalidField } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { getLocation } from '../locations/repository.js';
import { assertBillingStaff } from './access.js';
import { moneyOfSpan, netByMethod, outstandingAt, sumOf } from './money-figures.js';

export const DEFAULT_DESK = 'front';
type CashUpRow = typeof cashUps.$inferSelect;

/** [local midnight, next local midnight) of `day` in `zone`, refusing a day that does not exist or has not begun there. */
export function localDay(zone: string, day: string, now: Date): { start: Date; end: Date } {
  const start = DateTime.fromISO(day, { zone }).startOf('day');
  if (!start.isValid || start.toISODate() !== day) throw invalidField('day', 'Give a real calendar day (YYYY-MM-DD)');
  if (day > DateTime.fromJSDate(now, { zone }).toISODate()!) {
    throw invalidField('day', 'That day has not begun at this location yet: only today or an earlier day can be counted');
  }
  return { start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() };
}

const todayAt = (zone: string, now: Date) => DateTime.fromJSDate(now, { zone }).toISODate()!;

/** What a desk's drawer should hold at the end of a local day, by method, before it is counted. */
export async function expectedCashUp(
  db: Database,
  actor: UserPrincipal,
  q: { locationId: string; day: string; desk?: string },
  now = new Date(),
) {
  assertBillingStaff(actor);
  const location = await getLocation(db, q.locationId);
  const span = localDay(location.timezone, q.day, now);
  const desk = q.desk ?? DEFAULT_DESK;
  const money = await moneyOfSpan(db, { locationId: location.id, desk, ...span });
  return {
    id: null,
    locationId: location.id,
    desk,
    day: q.day,
    currency: location.currency,
    expected: netByMethod(money),
    counted: null,
    differenceMinor: null,
    note: null,
    closedBy: null,
    closedAt: null,
    payments: money.payments,
    refunds: money.refunds,
  };
}

export interface CashUpInput {
  locationId: string;
  desk?: string;
  day: string;
  counted: Partial<Record<PaymentMethod, number>>;
  note?: string;
}

/**
 * Closes a desk's day: the expected figures (as expectedCashUp) are stored beside what was
 * counted (a method not given counts 0) with the difference over all methods, counted − expected
 * (negative: the drawer is short). Once per location, desk and day: 409 CASH_UP_EXISTS.
 */
export async function closeCashUp(db: Database, actor: UserPrincipal, input: CashUpInput, now = new Date()) {
  assertBillingStaff(actor);
  const location = await getLocation(db, input.locationId);
  const span = localDay(location.timezone, input.day, now);
  const desk = input.desk ?? DEFAULT_DESK;
  const counted = Object.fromEntries(PAYMENT_METHODS.map((m) => [m, input.counted[m] ?? 0])) as Record<PaymentMethod, number>;
  try {
    return await transactionWithRetry(db, async (tx) => {
      const money = await moneyOfSpan(tx, { locationId: location.id, desk, ...span });
      const expected = netByMethod(money);
      const row: CashUpRow = {
        id: newId(),
        locationId: location.id,
        desk,
        day: input.day,
        currency: location.currency,
        expected,
        counted,
        differenceMinor: sumOf(counted) - sumOf(expected),
        note: input.note?.trim() || null,
        closedBy: actor.userId,
        closedAt: now,
      };
      await tx.insert(cashUps).values(row);
      return presentCashUp(row, money);
    });
  } catch (err) {
    if (isDuplicateKey(err, 'cash_ups_desk_day_unique')) {
      throw new AppError(409, ErrorCode.CASH_UP_EXISTS, `Desk ${desk} is cashed up for ${input.day} already`, { desk, day: input.day });
    }
    throw err;
  }
}

function presentCashUp(row: CashUpRow, counts: { payments: number; refunds: number }) {
  return {
    id: row.id,
    locationId: row.locationId,
    desk: row.desk,
    day: row.day,
    currency: row.currency,
    expected: row.expected,
    counted: row.counted,
    differenceMinor: row.differenceMinor,
    note: row.note,
    closedBy: row.closedBy,
    closedAt: row.closedAt.toISOString(),
    payments: counts.payments,
    refunds: counts.refunds,
  };
}

/** The stored cash-ups of a location, newest day first (at most 366), each with its day's payment and refund counts. */
export async function listCashUps(db: Database, actor: UserPrincipal, q: { locationId: string; from?: string; to?: string }) {
  assertBillingStaff(actor);
  const location = await getLocation(db, q.locationId);
  if (q.from && q.to && q.to < q.from) throw invalidField('to', 'The range ends before it starts');
  const where: SQL[] = [eq(cashUps.locationId, location.id)];
  if (q.from) where.push(gte(cashUps.day, q.from));
  if (q.to) where.push(lte(cashUps.day, q.to));
  const rows = await db
    .select()
    .from(cashUps)
    .where(and(...where))
    .orderBy(desc(cashUps.day), asc(cashUps.desk))
    .limit(366);
  const out = [];
  for (const row of rows) {
    const start = DateTime.fromISO(row.day, { zone: location.timezone }).startOf('day');
    const money = await moneyOfSpan(db, {
      locationId: row.locationId,
      desk: row.desk,
      start: start.toJSDate(),
      end: start.plus({ days: 1 }).toJSDate(),
    });
    out.push(presentCashUp(row, money));
  }
  return { cashUps: out };
}

/**
 * A location's takings on a local day (today there by default): every payment received there
 * (desk and online), refunds that succeeded there, net, by method; and what is owed now on its
 * open and partly paid invoices.
 */
export async function takings(db: Database, actor: UserPrincipal, q: { locationId: string; day?: string }, now = new Date()) {
  assertBillingStaff(actor);
  const location = await getLocation(db, q.locationId);
  const day = q.day ?? todayAt(location.timezone, now);
  const span = localDay(location.timezone, day, now);
  const [money, outstandingMinor] = await Promise.all([
    moneyOfSpan(db, { locationId: location.id, ...span }),
    outstandingAt(db, location.id),
  ]);
  const receivedMinor = sumOf(money.received);
  const refundedMinor = sumOf(money.refunded);
  return {
    locationId: location.id,
    day,
    currency: location.currency,
    receivedMinor,
    refundedMinor,
    netMinor: receivedMinor - refundedMinor,
    byMethod: netByMethod(money),
    payments: money.payments,
    outstandingMinor,
  };
}
