// The SOAP note as the editor holds it (strings, as typed) and as the API takes it, with the
// checks the server makes, told as sentences before anything is sent.
import type { NoteExtras, Soap, VitalKey, Vitals } from '../../lib/contract';
import { emptyMore, type MoreDraft, moreOf } from './note/more';

/** A location's measurement units (GET /api/locations/:id `units`); older servers send none: metric. */
export type Units = 'metric' | 'us';

interface Vital {
  key: VitalKey;
  label: string;
  /** The range the server accepts, in the stored unit. */
  min: number;
  max: number;
  step: string;
}

/** The vitals as stored (°C, kg, cm) and as the server checks them. */
export const VITALS: Vital[] = [
  { key: 'temperatureC', label: 'Temperature (°C)', min: 25, max: 45, step: '0.1' },
  { key: 'heartRate', label: 'Heart rate (/min)', min: 10, max: 300, step: '1' },
  { key: 'systolic', label: 'Systolic (mmHg)', min: 40, max: 300, step: '1' },
  { key: 'diastolic', label: 'Diastolic (mmHg)', min: 20, max: 200, step: '1' },
  { key: 'respiratoryRate', label: 'Breaths (/min)', min: 2, max: 80, step: '1' },
  { key: 'spo2', label: 'SpO₂ (%)', min: 30, max: 100, step: '1' },
  { key: 'weightKg', label: 'Weight (kg)', min: 0.2, max: 500, step: '0.1' },
  { key: 'heightCm', label: 'Height (cm)', min: 20, max: 260, step: '1' },
];

/**
 * US units for the three vitals that have them: the label, and the conversion to the stored unit
 * with its rounding. Stored values keep enough digits that a value typed to 0.1 °F, lb or in
 * shows again exactly as typed (0.01 °C, 0.01 kg, 0.1 cm), while 98.6 °F is plainly 37 °C.
 */
const US: Partial<Record<VitalKey, { label: string; toStored: (v: number) => number; fromStored: (v: number) => number; digits: number }>> =
  {
    temperatureC: {
      label: 'Temperature (°F)',
      toStored: (f) => round(((f - 32) * 5) / 9, 2),
      fromStored: (c) => round((c * 9) / 5 + 32, 1),
      digits: 1,
    },
    weightKg: {
      label: 'Weight (lb)',
      toStored: (lb) => round(lb * 0.45359237, 2),
      fromStored: (kg) => round(kg / 0.45359237, 1),
      digits: 1,
    },
    heightCm: { label: 'Height (in)', toStored: (inch) => round(inch * 2.54, 1), fromStored: (cm) => round(cm / 2.54, 1), digits: 1 },
  };

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface VitalField extends Vital {
  /** The range in the units shown (what the input allows). */
  shownMin: number;
  shownMax: number;
  toStored: (shown: number) => number;
  fromStored: (stored: number) => number;
}

/** The vitals as the editor shows them in a location's units. */
export function vitalFields(units: Units): VitalField[] {
  return VITALS.map((v) => {
    const us = units === 'us' ? US[v.key] : undefined;
    if (!us) return { ...v, shownMin: v.min, shownMax: v.max, toStored: (n) => n, fromStored: (n) => n };
    return {
      ...v,
      label: us.label,
      step: '0.1',
      shownMin: Math.ceil(us.fromStored(v.min) * 10) / 10,
      shownMax: Math.floor(us.fromStored(v.max) * 10) / 10,
      toStored: us.toStored,
      fromStored: us.fromStored,
    };
  });
}

const ICD10 = /^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$/;

export interface Draft {
  subjective: string;
  objective: string;
  vitals: Partial<Record<VitalKey, string>>;
  assessment: string;
  diagnoses: { code: string; description: string }[];
  plan: string;
  followUpDays: string;
  final: boolean;
  share: boolean;
  /** The fuller note's parts and its privacy (note/more.ts). */
  more: MoreDraft;
  /**
   * The vitals as loaded (stored units) and the text each was shown as: a value left as shown is
   * sent back as stored, so it is converted once, when typed, and never drifts by re-rounding.
   */
  loaded: { vitals: Vitals; shown: Partial<Record<VitalKey, string>> };
}

export const emptyDraft = (): Draft => ({
  subjective: '',
  objective: '',
  vitals: {},
  assessment: '',
  diagnoses: [],
  plan: '',
  followUpDays: '',
  final: false,
  share: false,
  more: emptyMore(),
  loaded: { vitals: {}, shown: {} },
});

export function draftOf(soap: Soap, final: boolean, share: boolean, units: Units, extras: NoteExtras = {}): Draft {
  const vitals: Draft['vitals'] = {};
  const stored = soap.objective.vitals ?? {};
  for (const v of vitalFields(units)) {
    const value = stored[v.key];
    if (value !== undefined) vitals[v.key] = String(v.fromStored(value));
  }
  return {
    subjective: soap.subjective,
    objective: soap.objective.text ?? '',
    vitals,
    assessment: soap.assessment.text ?? '',
    diagnoses: soap.assessment.diagnoses.map((d) => ({ ...d })),
    plan: soap.plan.text ?? '',
    followUpDays: soap.plan.followUp?.inDays ? String(soap.plan.followUp.inDays) : '',
    final,
    share,
    more: moreOf(extras),
    loaded: { vitals: { ...stored }, shown: { ...vitals } },
  };
}

/** The API body (vitals in stored units), or a sentence saying what to fix. */
export function soapOf(d: Draft, units: Units): { soap: Soap } | { problem: string } {
  const vitals: Vitals = {};
  for (const v of vitalFields(units)) {
    const raw = d.vitals[v.key]?.trim();
    if (!raw) continue;
    const kept = d.loaded.vitals[v.key];
    if (kept !== undefined && raw === d.loaded.shown[v.key]) {
      vitals[v.key] = kept;
      continue;
    }
    const n = Number(raw);
    const stored = Number.isFinite(n) ? v.toStored(n) : Number.NaN;
    if (!(stored >= v.min && stored <= v.max)) return { problem: `${v.label} must be a number from ${v.shownMin} to ${v.shownMax}.` };
    vitals[v.key] = stored;
  }
  const diagnoses = [];
  for (const dx of d.diagnoses) {
    const code = dx.code.trim().toUpperCase();
    const description = dx.description.trim();
    if (!code && !description) continue;
    if (!ICD10.test(code)) return { problem: `“${dx.code}” is not an ICD-10 code. Codes look like J20.9.` };
    if (!description) return { problem: `Diagnosis ${code} needs a description.` };
    diagnoses.push({ code, description });
  }
  const days = d.followUpDays.trim();
  const inDays = days ? Number(days) : undefined;
  if (inDays !== undefined && !(Number.isInteger(inDays) && inDays >= 1 && inDays <= 730))
    return { problem: 'The follow-up must be a whole number of days from 1 to 730.' };
  return {
    soap: {
      subjective: d.subjective,
      objective: { text: d.objective, ...(Object.keys(vitals).length ? { vitals } : {}) },
      assessment: { text: d.assessment, diagnoses },
      plan: { text: d.plan, ...(inDays ? { followUp: { inDays } } : {}) },
    },
  };
}
