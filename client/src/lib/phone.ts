// Phone numbers as people dial them. The hub stores E.164 ("+12125550100"); a number of the
// clinic's own country reads in its national format ("(212) 555-0100"), any other in the
// international one ("+44 20 7946 0958"). The clinic's country is its location's phone number's.
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** The country of a clinic, from its own phone number (E.164); undefined when it cannot be told. */
export function countryOf(clinicPhone: string | undefined): CountryCode | undefined {
  return clinicPhone ? parsePhoneNumberFromString(clinicPhone)?.country : undefined;
}

/** A stored number for reading: national in the clinic's country, international otherwise, as stored if unreadable. */
export function formatPhone(e164: string, clinicCountry?: CountryCode): string {
  const number = parsePhoneNumberFromString(e164);
  if (!number) return e164;
  return clinicCountry && number.country === clinicCountry ? number.formatNational() : number.formatInternational();
}

/** The number to put in a tel: link (E.164 digits). */
export const telHref = (e164: string) => `tel:${parsePhoneNumberFromString(e164)?.number ?? e164.replace(/[^+\d]/g, '')}`;
