// Phone numbers in E.164 (+4930123456), so one number is stored one way however it was typed, and
// an inbound SMS (which arrives in E.164) finds its patient. libphonenumber-js does the parsing.
import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * `raw` as E.164, or null when it is not a valid number. A number without a country code is read
 * as a number of `defaultCountry` (ISO 3166-1 alpha-2; an unknown code accepts only international
 * numbers). International numbers work as +44…, with the default country's own exit code (011 44…
 * from the US, 0044… from Germany), and with "00" from anywhere: "00" cannot start a valid national
 * number where it is not the exit code, so an invalid "00…" is read once more as "+…".
 */
export function toE164(raw: string, defaultCountry: string): string | null {
  const text = raw.trim();
  if (!text || text.length > 64) return null;
  const country = isSupportedCountry(defaultCountry) ? (defaultCountry as CountryCode) : undefined;
  const parsed = parse(text, country);
  if (parsed) return parsed;
  return text.startsWith('00') ? parse(`+${text.slice(2)}`, country) : null;
}

/** The country national numbers of a patient are read in: their address's, else the clinic default. */
export function phoneCountryFor(country: string | null | undefined, fallback: string): string {
  return country && isSupportedCountry(country) ? country : fallback;
}

function parse(text: string, country: CountryCode | undefined): string | null {
  const number = parsePhoneNumberFromString(text, country);
  return number?.isValid() ? number.number : null;
}
