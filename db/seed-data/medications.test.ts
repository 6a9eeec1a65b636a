// The starting catalogue is data a clinic relies on: no duplicate shelf entries, names the allergy
// check can match (generic names and classes in lower case, classes from the known list), and
// every controlled substance behind a prescription.
import { describe, expect, it } from 'vitest';
import { MEDICATION_CATALOGUE, MEDICATION_CLASSES, MEDICATION_FORMS } from './medications.js';

const byGeneric = (generic: string) => MEDICATION_CATALOGUE.filter((m) => m.genericName === generic);

describe('the medication catalogue', () => {
  it('holds between 90 and 130 entries', () => {
    expect(MEDICATION_CATALOGUE.length).toBeGreaterThanOrEqual(90);
    expect(MEDICATION_CATALOGUE.length).toBeLessThanOrEqual(130);
  });

  it('has one entry per generic name, form and strength', () => {
    const keys = MEDICATION_CATALOGUE.map((m) => `${m.genericName}|${m.form}|${m.strength}`);
    const repeated = keys.filter((key, i) => keys.indexOf(key) !== i);
    expect(repeated).toEqual([]);
  });

  it('writes every generic name in lower case, combinations joined with " + "', () => {
    // Lower-case words, single spaces; a "+" only as the " + " between components.
    const component = '[a-z0-9]+(?: [a-z0-9]+)*';
    const wellFormed = new RegExp(`^${component}(?: \\+ ${component})*$`);
    const offenders = MEDICATION_CATALOGUE.filter((m) => !wellFormed.test(m.genericName));
    expect(offenders.map((m) => m.genericName)).toEqual([]);
  });

  it('fills in name, form and strength on every entry', () => {
    for (const m of MEDICATION_CATALOGUE) {
      expect(m.name.trim(), m.genericName).not.toBe('');
      expect(m.strength.trim(), m.name).not.toBe('');
      expect(MEDICATION_FORMS, m.name).toContain(m.form);
      expect(m.classes.length, m.name).toBeGreaterThan(0);
    }
  });

  it('puts every controlled entry behind a prescription', () => {
    const controlled = MEDICATION_CATALOGUE.filter((m) => m.controlled);
    expect(controlled.filter((m) => !m.requiresPrescription)).toEqual([]);
    // The opioids and benzodiazepines on the shelf are among them.
    for (const m of MEDICATION_CATALOGUE.filter((e) => e.classes.includes('opioids') || e.classes.includes('benzodiazepines'))) {
      expect(m.controlled, m.name).toBe(true);
    }
    expect(controlled.map((m) => m.genericName)).toEqual(expect.arrayContaining(['morphine', 'diazepam', 'methylphenidate']));
  });

  it('sells the common over-the-counter medicines without a prescription and keeps antibiotics on one', () => {
    expect(byGeneric('paracetamol').every((m) => !m.requiresPrescription)).toBe(true);
    expect(byGeneric('loratadine').every((m) => !m.requiresPrescription)).toBe(true);
    expect(byGeneric('oral rehydration salts').every((m) => !m.requiresPrescription)).toBe(true);
    expect(MEDICATION_CATALOGUE.find((m) => m.genericName === 'ibuprofen' && m.strength === '200 mg')?.requiresPrescription).toBe(false);
    expect(MEDICATION_CATALOGUE.find((m) => m.genericName === 'ibuprofen' && m.strength === '400 mg')?.requiresPrescription).toBe(true);
    expect(byGeneric('amoxicillin').every((m) => m.requiresPrescription && !m.controlled)).toBe(true);
  });

  it('uses only known classes, in lower case, and every known class at least once', () => {
    const known = new Set<string>(MEDICATION_CLASSES);
    const used = new Set(MEDICATION_CATALOGUE.flatMap((m) => m.classes));
    expect([...used].filter((c) => !known.has(c) || c !== c.toLowerCase())).toEqual([]);
    expect(MEDICATION_CLASSES.filter((c) => !used.has(c))).toEqual([]);
    expect(new Set(MEDICATION_CLASSES).size).toBe(MEDICATION_CLASSES.length);
  });

  it('covers the medicines a clinic is asked for first', () => {
    const generics = new Set(MEDICATION_CATALOGUE.flatMap((m) => m.genericName.split(' + ')));
    const expected = [
      'paracetamol',
      'ibuprofen',
      'acetylsalicylic acid',
      'morphine',
      'amoxicillin',
      'clavulanic acid',
      'phenoxymethylpenicillin',
      'benzylpenicillin',
      'cefalexin',
      'ceftriaxone',
      'azithromycin',
      'clarithromycin',
      'doxycycline',
      'ciprofloxacin',
      'sulfamethoxazole',
      'nitrofurantoin',
      'metronidazole',
      'salbutamol',
      'budesonide',
      'beclometasone',
      'prednisolone',
      'amlodipine',
      'enalapril',
      'lisinopril',
      'losartan',
      'hydrochlorothiazide',
      'furosemide',
      'bisoprolol',
      'atenolol',
      'simvastatin',
      'atorvastatin',
      'warfarin',
      'metformin',
      'gliclazide',
      'omeprazole',
      'oral rehydration salts',
      'loperamide',
      'ondansetron',
      'fluoxetine',
      'sertraline',
      'amitriptyline',
      'diazepam',
      'carbamazepine',
      'valproic acid',
      'levetiracetam',
      'loratadine',
      'cetirizine',
      'epinephrine',
      'ferrous salt',
      'folic acid',
      'levonorgestrel',
      'hydrocortisone',
      'levothyroxine',
    ];
    expect(expected.filter((g) => !generics.has(g))).toEqual([]);
    expect(MEDICATION_CATALOGUE.filter((m) => m.classes.includes('insulins')).length).toBeGreaterThan(0);
    expect(MEDICATION_CATALOGUE.filter((m) => m.classes.includes('antimalarials')).length).toBeGreaterThan(0);
    expect(MEDICATION_CATALOGUE.filter((m) => m.classes.includes('antiretrovirals')).length).toBeGreaterThan(0);
  });

  it('gives amoxicillin the capsules and suspension the WHO list names', () => {
    const amoxicillin = byGeneric('amoxicillin').map((m) => `${m.form} ${m.strength}`);
    expect(amoxicillin).toEqual(expect.arrayContaining(['capsule 250 mg', 'capsule 500 mg', 'oral_liquid 125 mg/5 mL']));
  });
});
