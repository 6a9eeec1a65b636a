// The feedback side of the daily metrics, read from the feedback collection (MongoDB) in one
// aggregation per call: how much feedback a location got about its visits of each local day, and
// the mean rating per dimension (rollup.ts has the definitions).
import type { Db } from 'mongodb';
import { DIMENSIONS, type Dimension, type FeedbackStatus, feedbackCollection } from '../feedback/store.js';

/** Mean rating per dimension, 2 decimals; a dimension nobody rated is absent (overall is always rated). */
export type MeanRatings = { overall: number } & Partial<Record<Exclude<Dimension, 'overall'>, number>>;

export interface FeedbackFigures {
  feedbackReceived: number;
  /** null when no feedback was received. */
  feedbackRatings: MeanRatings | null;
}

export const NO_FEEDBACK: FeedbackFigures = { feedbackReceived: 0, feedbackRatings: null };

/** Rejected feedback is left out of every figure: it was judged not to be feedback about the visit. */
const COUNTED: FeedbackStatus[] = ['pending', 'approved'];

/**
 * Rounds half up on the decimal JavaScript prints for `value` (1.005 → 1.01, where Math.round(1.005 * 100)
 * would give 1.00 as the double is 1.00499…), by moving the decimal point in the text rather than multiplying.
 */
export function round(value: number, decimals: number): number {
  const [digits, exponent = '0'] = String(value).split('e');
  return Number(`${Math.round(Number(`${digits}e${Number(exponent) + decimals}`))}e${-decimals}`);
}

interface Group {
  _id: { locationId: string; visitDay?: string };
  received: number;
  [dimension: string]: unknown;
}

/**
 * Feedback about the visits of the local days `fromDay`..`toDay` (both included) at each of
 * `locationIds`, keyed `locationId|day` when `perDay`, else `locationId` (the whole range at once:
 * the means are then over every feedback of the range, not means of daily means).
 */
export async function feedbackOfDays(
  mongo: Db,
  locationIds: readonly string[],
  fromDay: string,
  toDay: string,
  perDay: boolean,
  now = new Date(),
): Promise<Map<string, FeedbackFigures>> {
  const out = new Map<string, FeedbackFigures>();
  if (!locationIds.length) return out;
  const groups = await feedbackCollection(mongo)
    .aggregate<Group>([
      {
        $match: {
          locationId: { $in: [...locationIds] },
          visitDay: { $gte: fromDay, $lte: toDay },
          status: { $in: COUNTED },
          // Anonymous feedback counts from the end of its day, as lists show it: a figure that moved
          // the moment it was given would say when (feedback/store.ts listedFrom).
          listedFrom: { $lte: now },
        },
      },
      {
        $group: {
          _id: perDay ? { locationId: '$locationId', visitDay: '$visitDay' } : { locationId: '$locationId' },
          received: { $sum: 1 },
          // $avg skips documents without the dimension, and is null when none has it.
          ...Object.fromEntries(DIMENSIONS.map((d) => [d, { $avg: `$ratings.${d}` }])),
        },
      },
    ])
    .toArray();
  for (const g of groups) {
    const means: Partial<Record<Dimension, number>> = {};
    for (const d of DIMENSIONS) {
      const mean = g[d];
      if (typeof mean === 'number') means[d] = round(mean, 2);
    }
    const key = perDay ? `${g._id.locationId}|${g._id.visitDay}` : g._id.locationId;
    out.set(key, { feedbackReceived: g.received, feedbackRatings: means.overall === undefined ? null : (means as MeanRatings) });
  }
  return out;
}
