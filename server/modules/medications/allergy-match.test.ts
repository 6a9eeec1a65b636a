// The allergy check against free-text allergies: what must clash (classes, combinations, spellings,
// synonyms) and what must not (whole words only, unrelated allergies), over made-up items and over
// the starting catalogue itself.
import { describe, expect, it } from 'vitest';
import { type CatalogueMedication, MEDICATION_CATALOGUE } from '../../../db/seed-data/medications.js';
import { type AllergyCheckItem, allergyConflicts, allergyWords } from './allergy-match.js';

const catalogueItems: AllergyCheckItem[] = MEDICATION_CATALOGUE.map((m, index) => ({
  index,
  medicationId: `med-${index}`,
  name: `${m.name} ${m.strength}`,
  genericName: m.genericName,
  classes: m.classes,
}));

/** The first catalogue entry with this generic name, as a prescription item at position 0. */
function item(genericName: string): AllergyCheckItem {
  const found = catalogueItems.find((i) => i.genericName === genericName);
  if (!found) throw new Error(`no catalogue entry for ${genericName}`);
  return { ...found, index: 0 };
}

/** Catalogue entries an allergy clashes with, as "generic name|form|strength". */
function clashesInCatalogue(allergy: string): string[] {
  return allergyConflicts([allergy], catalogueItems).map((c) => key(MEDICATION_CATALOGUE[c.itemIndex]!));
}
const key = (m: CatalogueMedication) => `${m.genericName}|${m.form}|${m.strength}`;
const entriesWithClass = (cls: string) => MEDICATION_CATALOGUE.filter((m) => (m.classes as readonly string[]).includes(cls)).map(key);

describe('allergies that clash', () => {
  it.each([
    ['Penicillin', 'amoxicillin', 'class', 'penicillins'],
    ['penicillins', 'phenoxymethylpenicillin', 'class', 'penicillins'],
    ['Allergic to sulfa drugs', 'sulfamethoxazole + trimethoprim', 'class', 'sulfonamides'],
    ['Sulphonamides', 'silver sulfadiazine', 'class', 'sulfonamides'],
    ['sulfadiazine', 'silver sulfadiazine', 'generic', 'silver sulfadiazine'],
    ['NSAIDs', 'ibuprofen', 'class', 'nsaids'],
    ['anti-inflammatories', 'ibuprofen', 'class', 'nsaids'],
    ['Non-steroidal anti-inflammatory drugs', 'acetylsalicylic acid', 'class', 'nsaids'],
    ['aspirin', 'acetylsalicylic acid', 'generic', 'acetylsalicylic acid'],
    ['Amoxicillin (rash)', 'amoxicillin + clavulanic acid', 'generic', 'amoxicillin'],
    ['clavulanic acid', 'amoxicillin + clavulanic acid', 'generic', 'clavulanic acid'],
    ['co-amoxiclav', 'amoxicillin', 'generic', 'amoxicillin'],
    ['Co-trimoxazole', 'sulfamethoxazole + trimethoprim', 'generic', 'sulfamethoxazole'],
    ['cephalosporin', 'ceftriaxone', 'class', 'cephalosporins'],
    ['Cephalexin', 'cefalexin', 'generic', 'cefalexin'],
    ['Beta-lactam antibiotics', 'cefalexin', 'class', 'beta-lactams'],
    ['codeine', 'morphine', 'class', 'opioids'],
    ['Codéine (vomiting)', 'fentanyl', 'class', 'opioids'],
    ['OPIATES', 'methadone', 'class', 'opioids'],
    ['Adrenaline', 'epinephrine', 'generic', 'epinephrine'],
    ['tenofovir', 'dolutegravir + lamivudine + tenofovir disoproxil fumarate', 'generic', 'tenofovir disoproxil fumarate'],
    ['iron', 'ferrous salt', 'class', 'iron supplements'],
    ['ferrous sulfate', 'ferrous salt + folic acid', 'generic', 'ferrous salt'],
    ['ACE-inhibitors', 'lisinopril', 'class', 'ace inhibitors'],
    ['steroids', 'prednisolone', 'class', 'corticosteroids'],
    ['sodium valproate', 'valproic acid', 'generic', 'valproic acid'],
    ['Allergy: penicillin; latex', 'amoxicillin', 'class', 'penicillins'],
  ] as const)('"%s" clashes with %s (%s: %s)', (allergy, generic, matchedOn, term) => {
    const prescribed = item(generic);
    expect(allergyConflicts([allergy], [prescribed])).toEqual([
      { itemIndex: 0, medicationId: prescribed.medicationId, medication: prescribed.name, allergy, matchedOn, term },
    ]);
  });
});

describe('allergies that do not clash', () => {
  it.each([
    ['iron', 'metronidazole'],
    ['opioids', 'naloxone'],
    ['penicillin', 'cefalexin'],
    ['penicillin', 'azithromycin'],
    ['amoxicillin', 'phenoxymethylpenicillin'],
    ['cillin', 'amoxicillin'],
    ['aspirin', 'paracetamol'],
    ['acid', 'amoxicillin + clavulanic acid'],
    ['sulfa', 'furosemide'],
    ['Peanuts', 'ibuprofen'],
  ] as const)('"%s" leaves %s alone', (allergy, generic) => {
    expect(allergyConflicts([allergy], [item(generic)])).toEqual([]);
  });

  it.each(['latex', 'Peanuts', 'pollen', '', '   ', 'shellfish', 'Eggs', 'No known drug allergies', 'Cats (sneezing)'])(
    '"%s" clashes with nothing in the catalogue',
    (allergy) => {
      expect(clashesInCatalogue(allergy)).toEqual([]);
    },
  );
});

describe('over the whole catalogue', () => {
  it('a penicillin allergy clashes with every penicillin and with nothing outside the beta-lactams', () => {
    const clashes = clashesInCatalogue('penicillin');
    expect(clashes.length).toBeGreaterThan(5);
    expect([...clashes].sort()).toEqual([...entriesWithClass('penicillins')].sort());
    const betaLactams = new Set(entriesWithClass('beta-lactams'));
    expect(clashes.filter((c) => !betaLactams.has(c))).toEqual([]);
    expect(allergyConflicts(['penicillin'], catalogueItems).every((c) => c.matchedOn === 'class' && c.term === 'penicillins')).toBe(true);
  });

  it('a sulfa allergy clashes with exactly the sulfonamides, an NSAID allergy with exactly the NSAIDs', () => {
    expect([...clashesInCatalogue('Allergic to sulfa drugs')].sort()).toEqual([...entriesWithClass('sulfonamides')].sort());
    expect([...clashesInCatalogue('NSAIDs')].sort()).toEqual([...entriesWithClass('nsaids')].sort());
    expect(entriesWithClass('sulfonamides').length).toBeGreaterThan(2);
  });

  it('an amoxicillin allergy finds the amoxicillin entries and co-amoxiclav, on the generic name', () => {
    const conflicts = allergyConflicts(['Amoxicillin (hives)'], catalogueItems);
    const generics = new Set(conflicts.map((c) => MEDICATION_CATALOGUE[c.itemIndex]!.genericName));
    expect([...generics].sort()).toEqual(['amoxicillin', 'amoxicillin + clavulanic acid']);
    expect(conflicts.every((c) => c.matchedOn === 'generic' && c.term === 'amoxicillin')).toBe(true);
  });
});

describe('the shape of the answer', () => {
  it('gives one conflict per item and allergy, on the generic name when both it and a class match', () => {
    const amoxicillin = item('amoxicillin');
    expect(allergyConflicts(['Amoxicillin and other penicillins'], [amoxicillin])).toEqual([
      expect.objectContaining({ matchedOn: 'generic', term: 'amoxicillin' }),
    ]);
  });

  it('lists conflicts in item order, then allergy order, with the item index and allergy as recorded', () => {
    const items = [
      { ...item('paracetamol'), index: 0 },
      { ...item('sulfamethoxazole + trimethoprim'), index: 1, medicationId: 'm-ctx', name: 'Co-trimoxazole 400 mg + 80 mg' },
      { ...item('ibuprofen'), index: 2, medicationId: 'm-ibu' },
    ];
    const conflicts = allergyConflicts(['NSAIDs', 'latex', ' Sulfa ', 'NSAIDs'], items);
    expect(conflicts.map((c) => [c.itemIndex, c.medicationId, c.allergy, c.term])).toEqual([
      [1, 'm-ctx', 'Sulfa', 'sulfonamides'],
      [2, 'm-ibu', 'NSAIDs', 'nsaids'],
    ]);
    expect(conflicts[0]!.medication).toBe('Co-trimoxazole 400 mg + 80 mg');
  });

  it('answers nothing for no allergies or no items', () => {
    expect(allergyConflicts([], catalogueItems)).toEqual([]);
    expect(allergyConflicts(['penicillin'], [])).toEqual([]);
  });
});

describe('allergyWords', () => {
  it('folds case and accents, drops fillers, parentheses and salts, and makes words singular', () => {
    expect(allergyWords('Allergic to SULFA drugs (hives)')).toEqual(['sulfa']);
    expect(allergyWords('Pénicillines')).toEqual(['penicilline']);
    expect(allergyWords('Beta-lactams')).toEqual(['beta', 'lactam']);
    expect(allergyWords('tenofovir disoproxil fumarate')).toEqual(['tenofovir']);
    expect(allergyWords('acid')).toEqual(['acid']);
    expect(allergyWords('Allergies')).toEqual([]);
  });
});
