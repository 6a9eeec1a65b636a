// The lists the location form offers: time zones, currencies and waiting-room languages, named in
// words ("EUR · Euro") from the browser's own Intl data, so they match what the hub accepts.

const names = (type: 'currency' | 'language') => {
  try {
    return new Intl.DisplayNames(['en'], { type });
  } catch {
    return null;
  }
};

/** Every IANA zone the browser knows (UTC among them), A to Z. */
export function timeZones(): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

/** ISO 4217 codes with their names. */
export function currencies(): { code: string; label: string }[] {
  const named = names('currency');
  return Intl.supportedValuesOf('currency').map((code) => {
    const name = named?.of(code);
    return { code, label: name && name !== code ? `${code} · ${name}` : code };
  });
}

/** Languages a waiting room is often set to (any BCP 47 tag may be typed). */
const COMMON_LANGUAGES = ['en', 'en-GB', 'es', 'fr', 'de', 'it', 'pt', 'pt-BR', 'nl', 'pl', 'sv', 'tr', 'ar', 'hi', 'zh', 'ja'];

export function languages(): { tag: string; label: string }[] {
  const named = names('language');
  return COMMON_LANGUAGES.map((tag) => ({ tag, label: named?.of(tag) ?? tag }));
}

/** The language a location's tag names ("de" → "German"), or the tag. */
export function languageName(tag: string): string {
  try {
    return names('language')?.of(tag) ?? tag;
  } catch {
    return tag;
  }
}
