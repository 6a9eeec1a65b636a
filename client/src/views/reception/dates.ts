// Calendar days as the clinic reads them: in the location's time zone, as YYYY-MM-DD.

// Written in the one style of lib/datetime.ts.
import { calendarDay, dateIn } from '../../lib/datetime';

export { fullDate } from '../../lib/datetime';

/** Today's date in a time zone. */
export const todayIn = (timeZone: string, now = new Date()): string => dateIn(now, timeZone);

/** The calendar day of an instant in a time zone. */
export const dateOf = (iso: string, timeZone: string) => dateIn(iso, timeZone);

/** "Tue 3 Jun" for a calendar day (no time zone involved: the day is already local). */
export const longDay = calendarDay;

export const isDate = (value: string | null): value is string => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value);
