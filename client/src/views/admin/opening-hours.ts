// A location's opening hours as the form shows them: one line a weekday, "08:00–12:30, 14:00–19:00"
// (an empty line: closed). Read back into the hub's ranges here, so a slip is named by its day
// before anything is sent; the hub checks the same again.
import type { Location } from '../../lib/contract';
import { WEEKDAYS } from './week';

export type OpeningRange = Location['openingHours'][number];

const RANGE = /^([01]\d|2[0-3]):([0-5]\d)\s*(?:-|–|—|to)\s*([01]\d|2[0-3]):([0-5]\d)$/;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Each weekday's line, Monday first. */
export function linesOf(ranges: readonly OpeningRange[]): string[] {
  return WEEKDAYS.map((_, i) =>
    ranges
      .filter((r) => r.weekday === i + 1)
      .map((r) => `${r.opens}–${r.closes}`)
      .join(', '),
  );
}

/** The ranges of seven lines, or the first day that cannot be read and why. */
export function rangesOf(lines: readonly string[]): { ranges: OpeningRange[] } | { day: number; problem: string } {
  const ranges: OpeningRange[] = [];
  for (const [i, line] of lines.entries()) {
    const day: OpeningRange[] = [];
    for (const part of line
      .split(/[,;]/)
      .map((p) => p.trim())
      .filter(Boolean)) {
      const m = RANGE.exec(part.replace(/\b(\d):/g, '0$1:'));
      if (!m) return { day: i, problem: `${WEEKDAYS[i]}: write each range as 08:00–12:30, separated by commas.` };
      const range = { weekday: i + 1, opens: `${m[1]}:${m[2]}`, closes: `${m[3]}:${m[4]}` };
      if (minutes(range.closes) <= minutes(range.opens)) return { day: i, problem: `${WEEKDAYS[i]}: ${part} closes before it opens.` };
      day.push(range);
    }
    day.sort((a, b) => minutes(a.opens) - minutes(b.opens));
    for (let k = 1; k < day.length; k++)
      if (minutes(day[k]!.opens) <= minutes(day[k - 1]!.closes))
        return { day: i, problem: `${WEEKDAYS[i]}: two ranges overlap or touch; join them into one.` };
    ranges.push(...day);
  }
  return { ranges };
}

/** "Mon–Fri 08:00–18:00 · Sat 09:00–13:00": the week in one short line for the list. */
export function summaryOf(ranges: readonly OpeningRange[]): string {
  const lines = linesOf(ranges);
  const parts: string[] = [];
  for (let i = 0; i < 7; i++) {
    if (!lines[i]) continue;
    let j = i;
    while (j + 1 < 7 && lines[j + 1] === lines[i]) j++;
    const short = (d: number) => WEEKDAYS[d]!.slice(0, 3);
    parts.push(`${i === j ? short(i) : `${short(i)}–${short(j)}`} ${lines[i]}`);
    i = j;
  }
  return parts.join(' · ') || 'Not given';
}
