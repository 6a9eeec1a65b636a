// Money on the client's pages (the pharmacy's prices, billing): amounts travel and are kept as
// integer minor units (cents); they are only turned into a decimal for display (Intl.NumberFormat,
// in the location's currency when it has one, else a plain number with two decimals) and parsed
// back from text digit by digit, so no float ever reaches a request.
import { readerLocale } from './datetime';

/** Digits after the decimal point of a currency (JPY 0, EUR 2, KWD 3); 2 without a currency. */
export function minorDigits(currency?: string | null): number {
  if (!currency) return 2;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "$12.50", "€12,50", or "12.50" without a currency; "—" when there is no amount. */
export function money(minor: number | null | undefined, currency?: string | null): string {
  if (minor === null || minor === undefined) return '—';
  const digits = minorDigits(currency);
  const value = minor / 10 ** digits;
  try {
    if (currency) return new Intl.NumberFormat(readerLocale(), { style: 'currency', currency }).format(value);
  } catch {
    // An unknown currency code: fall through to the plain number.
  }
  return new Intl.NumberFormat(readerLocale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** The reader's decimal and grouping marks ("." and "," in English; "," and "." or a space in German, French). */
function separators(locale: string): { decimal: string; group: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  return {
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
  };
}

/**
 * "12.5" → 1250 (two digits): an amount typed by a person, as integer minor units, read with the
 * reader's own decimal mark ("12,50" is 1250 in German, "1,250" is 125000 in English; grouping
 * marks and spaces are ignored); undefined when empty; null when it is not an amount.
 */
export function parseMinor(text: string, currency?: string | null, locale: string = readerLocale()): number | null | undefined {
  const { decimal, group } = separators(locale);
  const ungrouped = text
    .trim()
    .replace(/[\s\u00a0\u202f]/g, '')
    .split(group === decimal ? '\u0000' : group)
    .join('');
  if (!ungrouped) return undefined;
  const typed = ungrouped.replace(decimal, '.');
  const digits = minorDigits(currency);
  const match = /^(\d+)(?:\.(\d*))?$/.exec(typed);
  if (!match || (match[2]?.length ?? 0) > digits) return null;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(digits, '0') || '0');
  const minor = whole * 10 ** digits + fraction;
  return Number.isSafeInteger(minor) ? minor : null;
}

/**
 * 1250 → "12.50" (two digits, English) or "12,50" (German): an amount as a person would type it,
 * without currency sign or grouping, so parseMinor reads it back to the same number. Built from
 * the integer's digits, never by dividing.
 */
export function amountText(minor: number, currency?: string | null, locale: string = readerLocale()): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const written = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, '0');
  if (digits === 0) return `${sign}${written}`;
  return `${sign}${written.slice(0, -digits)}${separators(locale).decimal}${written.slice(-digits)}`;
}
