// Wall-clock times of a clinic as instants: a time off typed as "3 Jun 09:00" means 09:00 where
// the doctor works, whatever the admin's own browser says. lib/datetime.ts writes instants out;
// this reads a typed day and time back in, for the one zone the form is about.

const HALF_DAY = 12 * 3_600_000;
const parts = new Map<string, Intl.DateTimeFormat>();

function wallFormat(timeZone: string): Intl.DateTimeFormat {
  let made = parts.get(timeZone);
  if (!made) {
    made = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    parts.set(timeZone, made);
  }
  return made;
}

/** The wall clock of `timeZone` at an instant, read as if it were UTC (milliseconds). */
function wallAsUtc(at: number, timeZone: string): number {
  const p = Object.fromEntries(
    wallFormat(timeZone)
      .formatToParts(new Date(at))
      .map((x) => [x.type, Number(x.value)]),
  );
  return Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
}

/**
 * The instant (UTC ISO) when it is `date` `hhmm` in `timeZone`. A time skipped by a clock change
 * (02:30 on a spring-forward night) is read with the offset before the change, so it lands just
 * after it; a time that happens twice (autumn) is its first occurrence.
 */
export function instantAt(date: string, hhmm: string, timeZone: string): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = hhmm.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // The zone's offsets half a day before and after: they differ only around a clock change.
  const offset = (at: number) => wallAsUtc(at, timeZone) - at;
  const candidates = [wall - offset(wall - HALF_DAY), wall - offset(wall + HALF_DAY)];
  const real = candidates.filter((at) => wallAsUtc(at, timeZone) === wall).sort((a, b) => a - b);
  const at = real[0] ?? (candidates[0] as number);
  return new Date(at).toISOString();
}

/** The calendar day after `date` (YYYY-MM-DD). */
export function nextDay(date: string): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d + 1)).toISOString().slice(0, 10);
}
