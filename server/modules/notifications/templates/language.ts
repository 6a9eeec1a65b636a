// Language tags of templates: stored canonical (Intl: "PT-br" is "pt-BR"), so one language is one
// row whatever its spelling, and the sender finds the patient's language however it was typed.
import { invalidField } from '../../../errors.js';
import { DEFAULT_LANGUAGE } from './defaults.js';

/** The canonical tag, or null when it is not a BCP 47 language tag. */
export function canonicalLanguage(tag: string | null | undefined): string | null {
  if (!tag) return null;
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null;
  }
}

/** The canonical tag of a request, or 400 VALIDATION_FAILED. */
export function languageOf(tag: string): string {
  const canonical = canonicalLanguage(tag);
  if (!canonical) throw invalidField('language', 'Use a BCP 47 language tag such as en, de or pt-BR.');
  return canonical;
}

/** Where a message's wording is looked for, best first: the patient's language, the location's, English. */
export function languagePreference(...tags: (string | null | undefined)[]): string[] {
  const ordered = [...tags.map(canonicalLanguage), DEFAULT_LANGUAGE].filter((t): t is string => Boolean(t));
  return [...new Set(ordered)];
}
