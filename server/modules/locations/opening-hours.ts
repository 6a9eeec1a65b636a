// A location's opening hours: ranges per ISO weekday in its local time. Stored sorted (by day, then
// by opening time) so every reader sees one order, and refused when two ranges of a day touch or
// overlap, or one closes before it opens: a week an admin can read at a glance.
import type { OpeningRange } from '../../../db/schema/index.js';
import { invalidField } from '../../errors.js';

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The ranges sorted; 400 VALIDATION_FAILED (field openingHours) for a range that ends before it starts or meets another. */
export function normaliseOpeningHours(ranges: readonly OpeningRange[]): OpeningRange[] {
  const sorted = ranges
    .map(({ weekday, opens, closes }) => ({ weekday, opens, closes }))
    .sort((a, b) => a.weekday - b.weekday || minutes(a.opens) - minutes(b.opens));
  for (const [i, range] of sorted.entries()) {
    if (minutes(range.closes) <= minutes(range.opens)) {
      throw invalidField('openingHours', 'Each range must close after it opens.');
    }
    const before = sorted[i - 1];
    if (before?.weekday === range.weekday && minutes(range.opens) <= minutes(before.closes)) {
      throw invalidField('openingHours', 'Two ranges on one day overlap or touch; join them into one.');
    }
  }
  return sorted;
}
