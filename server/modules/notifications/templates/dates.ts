// Dates in a message, in the clinic's zone and the wording's language. English keeps the wording
// the messages always had ("Tuesday 3 December 2026 at 09:30 CET"); another language gets its own
// way of writing a date (Intl), so a German wording does not say "Tuesday".
import { DateTime, type DateTimeFormatOptions } from 'luxon';

export type DateForm = 'visit' | 'day' | 'shortDay';

const ENGLISH: Record<DateForm, string> = {
  visit: "cccc d LLLL yyyy 'at' HH:mm ZZZZ",
  day: 'cccc d LLLL yyyy',
  shortDay: 'd LLL yyyy',
};

const LOCALE: Record<DateForm, DateTimeFormatOptions> = {
  visit: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
  day: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  shortDay: { day: 'numeric', month: 'short', year: 'numeric' },
};

const isEnglish = (language: string) => /^en(-|$)/i.test(language);

export function localDate(at: Date, zone: string, form: DateForm, language = 'en'): string {
  const local = DateTime.fromJSDate(at, { zone });
  if (!isEnglish(language)) {
    try {
      return local.setLocale(language).toLocaleString(LOCALE[form]);
    } catch {
      // A language Intl does not know: English, as before templates.
    }
  }
  return local.toFormat(ENGLISH[form]);
}
