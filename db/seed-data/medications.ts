// The medication catalogue every clinic starts with: common medicines from the WHO Model List of
// Essential Medicines (23rd list, 2023), one entry per dosage form and strength a clinic would stock,
// with the names, forms and strengths the list gives (a few are the list's therapeutic alternatives
// to a boxed medicine: cetirizine for loratadine, atenolol for bisoprolol, lisinopril for enalapril,
// sertraline for fluoxetine, simvastatin beside atorvastatin). Pure data: the loader that writes it
// to each clinic's tables lives with the medications module.
// `classes` are the pharmacological classes a prescriber or an allergy record names ("penicillins",
// "nsaids", "sulfonamides"): the allergy check matches a recorded allergy against them as well as
// against each generic component, so a class here is a promise that the check will flag it.

export const MEDICATION_FORMS = [
  'tablet',
  'capsule',
  'oral_liquid',
  'injection',
  'inhaler',
  'cream',
  'ointment',
  'eye_drops',
  'ear_drops',
  'suppository',
  'patch',
  'powder',
  'solution',
  'spray',
  'other',
] as const;
export type MedicationForm = (typeof MEDICATION_FORMS)[number];

/** Every class an entry may carry; the test checks each is used, so the list stays honest. */
export const MEDICATION_CLASSES = [
  '5-ht3 antagonists',
  'ace inhibitors',
  'allylamine antifungals',
  'aminoglycosides',
  'aminosalicylates',
  'angiotensin receptor blockers',
  'anthelmintics',
  'antiplatelets',
  'antiretrovirals',
  'anticoagulants',
  'anticonvulsants',
  'antidiarrhoeals',
  'antihistamines',
  'antimalarials',
  'antimuscarinics',
  'antipsychotics',
  'antithyroid medicines',
  'antituberculosis medicines',
  'antivirals',
  'artemisinins',
  'azole antifungals',
  'barbiturates',
  'benzodiazepines',
  'beta blockers',
  'beta-lactams',
  'beta2 agonists',
  'biguanides',
  'calcium channel blockers',
  'cephalosporins',
  'corticosteroids',
  'decongestants',
  'dopamine antagonists',
  'electrolytes',
  'estrogens',
  'fluoroquinolones',
  'heparins',
  'hormonal contraceptives',
  'insulins',
  'iron supplements',
  'lincosamides',
  'local anaesthetics',
  'loop diuretics',
  'macrolides',
  'mineral supplements',
  'mood stabilisers',
  'nicotine replacement therapies',
  'nitrates',
  'nitrofurans',
  'nitroimidazoles',
  'non-opioid analgesics',
  'nsaids',
  'opioid antagonists',
  'opioids',
  'oxytocics',
  'penicillins',
  'polyene antifungals',
  'potassium-sparing diuretics',
  'progestogens',
  'prostaglandins',
  'proton pump inhibitors',
  'pyrethroids',
  'rifamycins',
  'salicylates',
  'sglt2 inhibitors',
  'ssris',
  'statins',
  'stimulants',
  'sulfonamides',
  'sulfonylureas',
  'sympathomimetics',
  'tetracyclines',
  'thiazide diuretics',
  'thyroid hormones',
  'tricyclic antidepressants',
  'vitamins',
] as const;
export type MedicationClass = (typeof MEDICATION_CLASSES)[number];

export interface CatalogueMedication {
  /** What staff look for on the shelf and in the typeahead; never a trademark. */
  name: string;
  /** The INN(s) in lower case, combinations joined with " + ". */
  genericName: string;
  form: MedicationForm;
  /** As the WHO list writes it: "500 mg", "100 micrograms/dose", "125 mg/5 mL", "400 mg + 80 mg". */
  strength: string;
  classes: MedicationClass[];
  requiresPrescription: boolean;
  controlled: boolean;
}

/** OTC: sold without a prescription; CONTROLLED: a scheduled substance (always on prescription). */
type Supply = 'rx' | 'otc' | 'controlled';

// One positional helper keeps each entry on one line, so the catalogue reads as a table.
function med(
  name: string,
  genericName: string,
  form: MedicationForm,
  strength: string,
  classes: readonly MedicationClass[],
  supply: Supply = 'rx',
): CatalogueMedication {
  return {
    name,
    genericName,
    form,
    strength,
    classes: [...classes],
    requiresPrescription: supply !== 'otc',
    controlled: supply === 'controlled',
  };
}

const PENICILLINS = ['penicillins', 'beta-lactams'] as const;
const CEPHALOSPORINS = ['cephalosporins', 'beta-lactams'] as const;
const ASPIRIN = ['nsaids', 'salicylates'] as const;

export const MEDICATION_CATALOGUE: readonly CatalogueMedication[] = [
  // Pain, palliative care, anaesthesia (EML 1, 2)
  med('Paracetamol', 'paracetamol', 'tablet', '500 mg', ['non-opioid analgesics'], 'otc'),
  med('Paracetamol oral liquid', 'paracetamol', 'oral_liquid', '120 mg/5 mL', ['non-opioid analgesics'], 'otc'),
  med('Ibuprofen', 'ibuprofen', 'tablet', '200 mg', ['nsaids'], 'otc'),
  med('Ibuprofen', 'ibuprofen', 'tablet', '400 mg', ['nsaids']),
  med('Ibuprofen oral liquid', 'ibuprofen', 'oral_liquid', '200 mg/5 mL', ['nsaids']),
  med('Acetylsalicylic acid (aspirin)', 'acetylsalicylic acid', 'tablet', '300 mg', ASPIRIN, 'otc'),
  med('Acetylsalicylic acid (aspirin) low dose', 'acetylsalicylic acid', 'tablet', '100 mg', [...ASPIRIN, 'antiplatelets'], 'otc'),
  med('Morphine injection', 'morphine', 'injection', '10 mg/mL', ['opioids'], 'controlled'),
  med('Morphine oral liquid', 'morphine', 'oral_liquid', '10 mg/5 mL', ['opioids'], 'controlled'),
  med('Morphine', 'morphine', 'tablet', '10 mg', ['opioids'], 'controlled'),
  med('Fentanyl patch', 'fentanyl', 'patch', '25 micrograms/hr', ['opioids'], 'controlled'),
  med('Methadone oral liquid', 'methadone', 'oral_liquid', '5 mg/5 mL', ['opioids'], 'controlled'),
  med('Naloxone injection', 'naloxone', 'injection', '400 micrograms/mL', ['opioid antagonists']),
  med('Lidocaine injection', 'lidocaine', 'injection', '1%', ['local anaesthetics']),

  // Allergy and anaphylaxis, corticosteroids (EML 3, 18.1)
  med('Epinephrine (adrenaline) injection', 'epinephrine', 'injection', '1 mg/mL', ['sympathomimetics']),
  med('Loratadine', 'loratadine', 'tablet', '10 mg', ['antihistamines'], 'otc'),
  med('Cetirizine', 'cetirizine', 'tablet', '10 mg', ['antihistamines'], 'otc'),
  med('Prednisolone', 'prednisolone', 'tablet', '5 mg', ['corticosteroids']),
  med('Prednisolone oral liquid', 'prednisolone', 'oral_liquid', '5 mg/mL', ['corticosteroids']),
  med('Dexamethasone injection', 'dexamethasone', 'injection', '4 mg/mL', ['corticosteroids']),

  // Epilepsy, anxiety (EML 5, 24.3)
  med('Carbamazepine', 'carbamazepine', 'tablet', '200 mg', ['anticonvulsants']),
  med('Sodium valproate', 'valproic acid', 'tablet', '200 mg', ['anticonvulsants', 'mood stabilisers']),
  med('Levetiracetam', 'levetiracetam', 'tablet', '500 mg', ['anticonvulsants']),
  med('Lamotrigine', 'lamotrigine', 'tablet', '25 mg', ['anticonvulsants']),
  med('Phenytoin', 'phenytoin', 'capsule', '100 mg', ['anticonvulsants']),
  med('Phenobarbital', 'phenobarbital', 'tablet', '30 mg', ['anticonvulsants', 'barbiturates'], 'controlled'),
  med('Diazepam', 'diazepam', 'tablet', '5 mg', ['benzodiazepines'], 'controlled'),
  med('Diazepam injection', 'diazepam', 'injection', '5 mg/mL', ['benzodiazepines'], 'controlled'),
  med('Magnesium sulfate injection', 'magnesium sulfate', 'injection', '0.5 g/mL', ['electrolytes']),

  // Anti-infectives (EML 6)
  med('Albendazole', 'albendazole', 'tablet', '400 mg', ['anthelmintics']),
  med('Amoxicillin', 'amoxicillin', 'capsule', '250 mg', PENICILLINS),
  med('Amoxicillin', 'amoxicillin', 'capsule', '500 mg', PENICILLINS),
  med('Amoxicillin oral suspension', 'amoxicillin', 'oral_liquid', '125 mg/5 mL', PENICILLINS),
  med('Co-amoxiclav', 'amoxicillin + clavulanic acid', 'tablet', '500 mg + 125 mg', PENICILLINS),
  med('Co-amoxiclav oral suspension', 'amoxicillin + clavulanic acid', 'oral_liquid', '125 mg + 31.25 mg/5 mL', PENICILLINS),
  med('Benzylpenicillin injection', 'benzylpenicillin', 'injection', '600 mg (1 million IU)', PENICILLINS),
  med('Benzathine benzylpenicillin injection', 'benzathine benzylpenicillin', 'injection', '1.44 g (2.4 million IU)', PENICILLINS),
  med('Phenoxymethylpenicillin (penicillin V)', 'phenoxymethylpenicillin', 'tablet', '250 mg', PENICILLINS),
  med('Cloxacillin', 'cloxacillin', 'capsule', '500 mg', PENICILLINS),
  med('Cefalexin', 'cefalexin', 'capsule', '250 mg', CEPHALOSPORINS),
  med('Ceftriaxone injection', 'ceftriaxone', 'injection', '1 g', CEPHALOSPORINS),
  med('Azithromycin', 'azithromycin', 'capsule', '500 mg', ['macrolides']),
  med('Clarithromycin', 'clarithromycin', 'tablet', '500 mg', ['macrolides']),
  med('Doxycycline', 'doxycycline', 'capsule', '100 mg', ['tetracyclines']),
  med('Ciprofloxacin', 'ciprofloxacin', 'tablet', '250 mg', ['fluoroquinolones']),
  med('Gentamicin injection', 'gentamicin', 'injection', '40 mg/mL', ['aminoglycosides']),
  med('Clindamycin', 'clindamycin', 'capsule', '150 mg', ['lincosamides']),
  med('Metronidazole', 'metronidazole', 'tablet', '400 mg', ['nitroimidazoles']),
  med('Nitrofurantoin', 'nitrofurantoin', 'tablet', '100 mg', ['nitrofurans']),
  med('Co-trimoxazole', 'sulfamethoxazole + trimethoprim', 'tablet', '400 mg + 80 mg', ['sulfonamides']),
  med('Co-trimoxazole oral suspension', 'sulfamethoxazole + trimethoprim', 'oral_liquid', '200 mg + 40 mg/5 mL', ['sulfonamides']),
  med('TB 4-drug combination (HRZE)', 'ethambutol + isoniazid + pyrazinamide + rifampicin', 'tablet', '275 mg + 75 mg + 400 mg + 150 mg', [
    'antituberculosis medicines',
    'rifamycins',
  ]),
  med('Fluconazole', 'fluconazole', 'capsule', '50 mg', ['azole antifungals']),
  med('Nystatin oral suspension', 'nystatin', 'oral_liquid', '100 000 IU/mL', ['polyene antifungals']),
  med('Aciclovir', 'aciclovir', 'tablet', '200 mg', ['antivirals']),
  med(
    'TLD (dolutegravir + lamivudine + tenofovir)',
    'dolutegravir + lamivudine + tenofovir disoproxil fumarate',
    'tablet',
    '50 mg + 300 mg + 300 mg',
    ['antiretrovirals'],
  ),
  med('Artemether + lumefantrine', 'artemether + lumefantrine', 'tablet', '20 mg + 120 mg', ['antimalarials', 'artemisinins']),
  med('Artesunate injection', 'artesunate', 'injection', '60 mg', ['antimalarials', 'artemisinins']),
  med('Chloroquine', 'chloroquine', 'tablet', '150 mg', ['antimalarials']),
  med('Sulfadoxine + pyrimethamine', 'sulfadoxine + pyrimethamine', 'tablet', '500 mg + 25 mg', ['antimalarials', 'sulfonamides']),

  // Cardiovascular, blood (EML 10, 12, 16)
  med('Amlodipine', 'amlodipine', 'tablet', '5 mg', ['calcium channel blockers']),
  med('Bisoprolol', 'bisoprolol', 'tablet', '5 mg', ['beta blockers']),
  med('Atenolol', 'atenolol', 'tablet', '50 mg', ['beta blockers']),
  med('Enalapril', 'enalapril', 'tablet', '5 mg', ['ace inhibitors']),
  med('Lisinopril', 'lisinopril', 'tablet', '10 mg', ['ace inhibitors']),
  med('Losartan', 'losartan', 'tablet', '50 mg', ['angiotensin receptor blockers']),
  med('Hydrochlorothiazide', 'hydrochlorothiazide', 'tablet', '25 mg', ['thiazide diuretics']),
  med('Furosemide', 'furosemide', 'tablet', '40 mg', ['loop diuretics']),
  med('Furosemide injection', 'furosemide', 'injection', '10 mg/mL', ['loop diuretics']),
  med('Spironolactone', 'spironolactone', 'tablet', '25 mg', ['potassium-sparing diuretics']),
  med('Glyceryl trinitrate sublingual', 'glyceryl trinitrate', 'tablet', '500 micrograms', ['nitrates']),
  med('Simvastatin', 'simvastatin', 'tablet', '20 mg', ['statins']),
  med('Atorvastatin', 'atorvastatin', 'tablet', '20 mg', ['statins']),
  med('Warfarin', 'warfarin', 'tablet', '5 mg', ['anticoagulants']),
  med('Enoxaparin injection', 'enoxaparin', 'injection', '40 mg/0.4 mL', ['anticoagulants', 'heparins']),
  med('Clopidogrel', 'clopidogrel', 'tablet', '75 mg', ['antiplatelets']),
  med('Ferrous salt', 'ferrous salt', 'tablet', '60 mg iron', ['iron supplements'], 'otc'),
  med(
    'Ferrous salt + folic acid',
    'ferrous salt + folic acid',
    'tablet',
    '60 mg iron + 400 micrograms',
    ['iron supplements', 'vitamins'],
    'otc',
  ),
  med('Folic acid', 'folic acid', 'tablet', '5 mg', ['vitamins']),

  // Diabetes, thyroid, contraception, obstetrics (EML 18, 22)
  med('Metformin', 'metformin', 'tablet', '500 mg', ['biguanides']),
  med('Gliclazide', 'gliclazide', 'tablet', '80 mg', ['sulfonylureas']),
  med('Empagliflozin', 'empagliflozin', 'tablet', '10 mg', ['sglt2 inhibitors']),
  med('Soluble insulin (regular)', 'soluble insulin', 'injection', '100 IU/mL', ['insulins']),
  med('Insulin glargine', 'insulin glargine', 'injection', '100 IU/mL', ['insulins']),
  med('Levothyroxine', 'levothyroxine', 'tablet', '50 micrograms', ['thyroid hormones']),
  med('Carbimazole', 'carbimazole', 'tablet', '5 mg', ['antithyroid medicines']),
  med('Ethinylestradiol + levonorgestrel', 'ethinylestradiol + levonorgestrel', 'tablet', '30 micrograms + 150 micrograms', [
    'hormonal contraceptives',
    'estrogens',
    'progestogens',
  ]),
  med('Levonorgestrel (emergency contraception)', 'levonorgestrel', 'tablet', '1.5 mg', ['hormonal contraceptives', 'progestogens'], 'otc'),
  med('Medroxyprogesterone acetate depot injection', 'medroxyprogesterone acetate', 'injection', '150 mg/mL', [
    'hormonal contraceptives',
    'progestogens',
  ]),
  med('Oxytocin injection', 'oxytocin', 'injection', '10 IU/mL', ['oxytocics']),
  med('Misoprostol', 'misoprostol', 'tablet', '200 micrograms', ['prostaglandins']),

  // Gastrointestinal (EML 17)
  med('Omeprazole', 'omeprazole', 'capsule', '20 mg', ['proton pump inhibitors']),
  med('Oral rehydration salts (ORS)', 'oral rehydration salts', 'powder', 'for 1 L', ['electrolytes'], 'otc'),
  med('Zinc sulfate', 'zinc sulfate', 'tablet', '20 mg', ['mineral supplements'], 'otc'),
  med('Loperamide', 'loperamide', 'capsule', '2 mg', ['antidiarrhoeals'], 'otc'),
  med('Ondansetron', 'ondansetron', 'tablet', '4 mg', ['5-ht3 antagonists']),
  med('Metoclopramide', 'metoclopramide', 'tablet', '10 mg', ['dopamine antagonists']),
  med('Sulfasalazine', 'sulfasalazine', 'tablet', '500 mg', ['aminosalicylates', 'sulfonamides']),

  // Mental health (EML 24)
  med('Fluoxetine', 'fluoxetine', 'capsule', '20 mg', ['ssris']),
  med('Sertraline', 'sertraline', 'tablet', '50 mg', ['ssris']),
  med('Amitriptyline', 'amitriptyline', 'tablet', '25 mg', ['tricyclic antidepressants']),
  med('Haloperidol', 'haloperidol', 'tablet', '5 mg', ['antipsychotics', 'dopamine antagonists']),
  med('Risperidone', 'risperidone', 'tablet', '2 mg', ['antipsychotics']),
  med('Lithium carbonate', 'lithium carbonate', 'capsule', '300 mg', ['mood stabilisers']),
  med('Methylphenidate', 'methylphenidate', 'tablet', '10 mg', ['stimulants'], 'controlled'),
  med('Nicotine patch', 'nicotine', 'patch', '21 mg/24 hrs', ['nicotine replacement therapies'], 'otc'),

  // Respiratory, ear, nose (EML 25, 28)
  med('Salbutamol inhaler', 'salbutamol', 'inhaler', '100 micrograms/dose', ['beta2 agonists']),
  med('Budesonide inhaler', 'budesonide', 'inhaler', '200 micrograms/dose', ['corticosteroids']),
  med('Beclometasone inhaler', 'beclometasone', 'inhaler', '100 micrograms/dose', ['corticosteroids']),
  med('Budesonide + formoterol inhaler', 'budesonide + formoterol', 'inhaler', '200 micrograms + 6 micrograms/dose', [
    'corticosteroids',
    'beta2 agonists',
  ]),
  med('Ipratropium inhaler', 'ipratropium bromide', 'inhaler', '20 micrograms/dose', ['antimuscarinics']),
  med('Ciprofloxacin ear drops', 'ciprofloxacin', 'ear_drops', '0.3%', ['fluoroquinolones']),
  med('Xylometazoline nasal spray', 'xylometazoline', 'spray', '0.05%', ['decongestants'], 'otc'),

  // Skin and eye (EML 13, 21)
  med('Hydrocortisone cream', 'hydrocortisone', 'cream', '1%', ['corticosteroids'], 'otc'),
  med('Miconazole cream', 'miconazole', 'cream', '2%', ['azole antifungals'], 'otc'),
  med('Terbinafine cream', 'terbinafine', 'cream', '1%', ['allylamine antifungals'], 'otc'),
  med('Silver sulfadiazine cream', 'silver sulfadiazine', 'cream', '1%', ['sulfonamides']),
  med('Permethrin cream', 'permethrin', 'cream', '5%', ['pyrethroids'], 'otc'),
  med('Tetracycline eye ointment', 'tetracycline', 'ointment', '1%', ['tetracyclines']),
  med('Gentamicin eye drops', 'gentamicin', 'eye_drops', '0.3%', ['aminoglycosides']),
];
