// Amounts are integer minor units of an ISO 4217 currency everywhere in the hub; this is the one
// place that turns them into text for people (PDFs, messages). No floating point: the amount is
// written as an exact decimal string and handed to Intl.NumberFormat, which formats strings as
// exact decimals, in the currency's own style and digits (USD 2, JPY 0, KWD 3).

const KNOWN = new Set(Intl.supportedValuesOf('currency'));

/** Whether `code` is an ISO 4217 currency the runtime knows (upper-case three letters). */
export const isKnownCurrency = (code: string) => /^[A-Z]{3}$/.test(code) && KNOWN.has(code);

/** Digits after the decimal point of a currency: JPY 0, USD 2, KWD 3. */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** 123456 with 2 digits → "1234.56"; -5 → "-0.05"; exact for every safe integer. */
export function minorToDecimal(minor: number, digits: number): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Not an integer amount: ${minor}`);
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(minor));
  if (digits === 0) return sign + abs;
  const padded = abs.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** "$1,234.56", "1.234,56 €", "¥1,235": the amount in the currency's own format for `locale`. */
export function formatMoney(minor: number, currency: string, locale = 'en'): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  // A string argument is formatted as an exact decimal (Intl.NumberFormat v3), never through a double.
  return format.format(minorToDecimal(minor, currencyDigits(currency)) as unknown as number);
}
