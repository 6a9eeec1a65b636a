// Dates and times as people read them, in one style for every view (Intl.DateTimeFormat):
// - in the reader's locale: the browser's preferred English (the client's language), so a desk in
//   New York reads "9:30 AM" and one in London "09:30"; words never switch language mid-sentence;
// - in the clinic's time zone (the location's), which is what visits, queues and messages go by;
// - with that zone named ("9:30 AM EST", "10:30 GMT+3") wherever the reader's own clock differs
//   from the clinic's at that moment, so a patient abroad or a doctor at home cannot misread it.
// Calendar days (YYYY-MM-DD: a birth date, a chosen day) have no zone: they are written as they are.

/** The language the client is written in. */
const UI_LANGUAGE = 'en';

let cachedLocale: string | null = null;

/** The reader's locale: the first of the browser's languages in the client's language, else plain English. */
export function readerLocale(): string {
  if (cachedLocale) return cachedLocale;
  const preferred = typeof navigator === 'undefined' ? [] : navigator.languages?.length ? navigator.languages : [navigator.language];
  const match = preferred.find((tag) => tag && tag.split('-')[0]?.toLowerCase() === UI_LANGUAGE);
  cachedLocale = match ?? UI_LANGUAGE;
  return cachedLocale;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per locale, zone and style (building them is the slow part). */
function formatter(options: Intl.DateTimeFormatOptions, locale = readerLocale()): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (!made) {
    try {
      made = new Intl.DateTimeFormat(locale, options);
    } catch {
      made = new Intl.DateTimeFormat(UI_LANGUAGE, options); // an unknown language tag: still a date
    }
    formatters.set(key, made);
  }
  return made;
}

const toDate = (at: string | number | Date) => (at instanceof Date ? at : new Date(at));

/** The browser's own zone. */
export const readerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Minutes east of UTC of `timeZone` at an instant. */
function offsetMinutes(date: Date, timeZone: string | undefined): number {
  const parts = formatter({ timeZone, timeZoneName: 'longOffset', hour: 'numeric' }, 'en-US').formatToParts(date);
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/** Whether the reader's clock shows another time than the clinic's at that instant. */
export function zoneDiffers(at: string | number | Date, timeZone: string | undefined): boolean {
  if (!timeZone || timeZone === readerZone()) return false;
  const date = toDate(at);
  return offsetMinutes(date, timeZone) !== offsetMinutes(date, undefined);
}

/** The clinic's zone as the reader's locale abbreviates it at that instant ("EST", "CET", "GMT+3"). */
export function zoneName(at: string | number | Date, timeZone: string): string {
  return (
    formatter({ timeZone, timeZoneName: 'short', hour: 'numeric' })
      .formatToParts(toDate(at))
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone
  );
}

/** " EST" after a time when the reader's zone differs from the clinic's, else nothing. */
const zoneSuffix = (date: Date, timeZone: string | undefined) =>
  timeZone && zoneDiffers(date, timeZone) ? ` ${zoneName(date, timeZone)}` : '';

/** "09:30" / "9:30 AM" in the clinic's zone, named when the reader's differs ("9:30 AM EST"). */
export function time(at: string | number | Date, timeZone?: string): string {
  const date = toDate(at);
  return `${formatter({ timeStyle: 'short', timeZone }).format(date)}${zoneSuffix(date, timeZone)}`;
}

/** "Thu 5 Mar" / "Thu, Mar 5": the day of an instant in the clinic's zone. */
export function day(at: string | number | Date, timeZone?: string): string {
  return formatter({ weekday: 'short', day: 'numeric', month: 'short', timeZone }).format(toDate(at));
}

/** "Thu 5 Mar, 09:30": day and time of an instant in the clinic's zone (the zone named as time() does). */
export function dayAndTime(at: string | number | Date, timeZone?: string): string {
  return `${day(at, timeZone)}, ${time(at, timeZone)}`;
}

/** When something was written: the time if it was today (in the clinic's zone), else the day and time. */
export function stamp(at: string | number | Date, timeZone?: string, now = new Date()): string {
  return dateIn(at, timeZone) === dateIn(now, timeZone) ? time(at, timeZone) : dayAndTime(at, timeZone);
}

const calendar = (date: string) => new Date(`${date}T12:00:00Z`);

/** "Tue 3 Jun" for a calendar day (YYYY-MM-DD, already the clinic's: no zone involved). */
export const calendarDay = (date: string) =>
  formatter({ weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(calendar(date));

/** "3 Jun" for a calendar day. */
export const shortDate = (date: string) => formatter({ day: 'numeric', month: 'short', timeZone: 'UTC' }).format(calendar(date));

/** "2 Apr 1980" for a calendar day such as a birth date. */
export const fullDate = (date: string) =>
  formatter({ day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(calendar(date));

/** The calendar date (YYYY-MM-DD) of an instant in a zone (the browser's without one). */
export function dateIn(at: string | number | Date, timeZone?: string): string {
  return formatter({ year: 'numeric', month: '2-digit', day: '2-digit', timeZone }, 'en-CA').format(toDate(at));
}

/** A wall clock for a screen in its own language: "14:05" and "Thursday 5 March" (display/Clock.tsx). */
export function wallClock(now: Date, timeZone: string, language: string): { time: string; date: string } {
  return {
    time: formatter({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }, language).format(now),
    date: formatter({ weekday: 'long', day: 'numeric', month: 'long', timeZone }, language).format(now),
  };
}
