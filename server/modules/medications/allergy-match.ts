// Finds where a prescription's items clash with a patient's recorded allergies. Allergies are free
// text as a receptionist or doctor typed them ("Allergic to sulfa drugs", "Amoxicillin (rash)"), so
// both sides are reduced to words first: case and accents folded, text in parentheses and filler
// words ("allergic", "to", "drugs") dropped, each word made singular. A generic component or class of
// an item matches when all its words appear, in order and whole, in the allergy (or in what a
// synonym of the allergy stands for): "penicillin" finds the class "penicillins", "iron" never
// finds "metronidazole", and "opioid" does not find the class "opioid antagonists".
// Erring towards a match is deliberate: a false alarm costs the prescriber an override reason, a
// missed one can cost the patient. Negations ("not allergic to penicillin") still match for that reason.

export interface AllergyCheckItem {
  index: number;
  medicationId: string;
  name: string;
  genericName: string;
  classes: readonly string[];
}

export interface AllergyConflict {
  itemIndex: number;
  medicationId: string;
  /** The item's name. */
  medication: string;
  /** The allergy as recorded. */
  allergy: string;
  matchedOn: 'generic' | 'class';
  /** The generic component or class that matched, as the item writes it. */
  term: string;
}

/** Words that say nothing about what the patient reacts to. */
const FILLER_WORDS = new Set([
  'a',
  'allergic',
  'allergy',
  'an',
  'and',
  'any',
  'all',
  'class',
  'drug',
  'hypersensitivity',
  'intolerance',
  'medication',
  'medicine',
  'of',
  'or',
  'reaction',
  'sensitivity',
  'the',
  'to',
  'with',
]);

/**
 * Salt, ester and form words in a generic name: "tenofovir disoproxil fumarate" is still
 * "tenofovir" to someone who writes the allergy, "ferrous sulfate" is the catalogue's "ferrous salt".
 */
const SALT_WORDS = new Set([
  'acetate',
  'acid',
  'benzathine',
  'besylate',
  'bromide',
  'carbonate',
  'citrate',
  'dipropionate',
  'disoproxil',
  'fumarate',
  'gluconate',
  'hydrochloride',
  'maleate',
  'mesylate',
  'phosphate',
  'potassium',
  'salt',
  'silver',
  'sodium',
  'succinate',
  'sulfate',
  'sulphate',
  'valerate',
]);

/** A plural made singular, the same way on both sides so the guess only has to be consistent. */
function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

/**
 * The words of an allergy, a generic component or a class, ready to compare: lower case, accents
 * and parenthesised text removed, split on anything that is not a letter or digit, singular, fillers
 * dropped, salt words dropped unless nothing else is left. "Amoxicillin (rash)" → ["amoxicillin"],
 * "Beta-lactams" → ["beta", "lactam"], "Clavulanic acid" → ["clavulanic"].
 */
export function allergyWords(text: string): string[] {
  const words = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\([^)]*\)?|\[[^\]]*\]?/g, ' ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map(singular)
    .filter((word) => !FILLER_WORDS.has(word));
  const named = words.filter((word) => !SALT_WORDS.has(word));
  return named.length > 0 ? named : words;
}

// What common allergy words stand for, in the catalogue's terms: other spellings and names of a
// medicine, the combinations known by one name, and everyday words for a class.
const SYNONYMS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['sulfa', ['sulfonamides']],
  ['sulpha', ['sulfonamides']],
  ['sulphonamides', ['sulfonamides']],
  ['sulphamethoxazole', ['sulfamethoxazole']],
  ['aspirin', ['acetylsalicylic acid']],
  ['anti-inflammatories', ['nsaids']],
  ['antiinflammatories', ['nsaids']],
  ['nonsteroidal', ['nsaids']],
  ['codeine', ['opioids']],
  ['opiates', ['opioids']],
  ['narcotics', ['opioids']],
  ['acetaminophen', ['paracetamol']],
  ['adrenaline', ['epinephrine']],
  ['albuterol', ['salbutamol']],
  ['frusemide', ['furosemide']],
  ['lignocaine', ['lidocaine']],
  ['amoxycillin', ['amoxicillin']],
  ['cephalexin', ['cefalexin']],
  ['beclomethasone', ['beclometasone']],
  ['valproate', ['valproic acid']],
  ['co-amoxiclav', ['amoxicillin', 'clavulanic acid']],
  ['co-trimoxazole', ['sulfamethoxazole', 'trimethoprim']],
  ['cotrimoxazole', ['sulfamethoxazole', 'trimethoprim']],
  ['quinolones', ['fluoroquinolones']],
  ['steroids', ['corticosteroids']],
  ['antiepileptics', ['anticonvulsants']],
  ['benzos', ['benzodiazepines']],
  ['betablockers', ['beta blockers']],
  ['arbs', ['angiotensin receptor blockers']],
  ['selective serotonin reuptake inhibitors', ['ssris']],
  ['local anesthetics', ['local anaesthetics']],
  ['oestrogens', ['estrogens']],
  ['iron', ['iron supplements']],
];
const SYNONYM_WORDS = SYNONYMS.map(([word, meanings]) => [allergyWords(word), meanings.map(allergyWords)] as const);

/** Whether `needle` appears in `haystack` as a run of whole words. */
function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  for (let start = 0; start + needle.length <= haystack.length; start++) {
    if (needle.every((word, i) => haystack[start + i] === word)) return true;
  }
  return false;
}

/** The allergy's own words and the word runs its synonyms stand for. */
function allergyReadings(allergy: string): string[][] {
  const words = allergyWords(allergy);
  const readings = [words];
  for (const [synonym, meanings] of SYNONYM_WORDS) {
    if (containsRun(words, synonym)) readings.push(...meanings);
  }
  return readings;
}

function firstMatch(readings: readonly string[][], terms: readonly string[]): string | undefined {
  return terms.find((term) => {
    const words = allergyWords(term);
    return readings.some((reading) => containsRun(reading, words));
  });
}

/**
 * Every (item, allergy) pair that clashes, in item order then allergy order: at most one conflict
 * per pair, on a generic component when one matches, otherwise on a class. Blank allergies and
 * repeats of the same recorded text are ignored.
 */
export function allergyConflicts(allergies: readonly string[], items: readonly AllergyCheckItem[]): AllergyConflict[] {
  const recorded = [...new Set(allergies.map((a) => a.trim()))]
    .map((allergy) => ({ allergy, readings: allergyReadings(allergy) }))
    .filter(({ readings }) => readings[0]!.length > 0);
  const conflicts: AllergyConflict[] = [];
  for (const item of items) {
    const components = item.genericName.split('+').map((c) => c.trim());
    for (const { allergy, readings } of recorded) {
      const generic = firstMatch(readings, components);
      const cls = generic === undefined ? firstMatch(readings, item.classes) : undefined;
      const term = generic ?? cls;
      if (term === undefined) continue;
      conflicts.push({
        itemIndex: item.index,
        medicationId: item.medicationId,
        medication: item.name,
        allergy,
        matchedOn: generic !== undefined ? 'generic' : 'class',
        term,
      });
    }
  }
  return conflicts;
}
