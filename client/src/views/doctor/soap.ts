// The SOAP note as the editor holds it (strings, as typed) and as the API takes it, with the
// checks the server makes, told as sentences before anything is sent.
import type { Soap, VitalKey, Vitals } from '../../lib/contract';

export const VITALS: { key: VitalKey; label: string; min: number; max: number; step: string }[] = [
  { key: 'temperatureC', label: 'Temperature (°C)', min: 25, max: 45, step: '0.1' },
  { key: 'heartRate', label: 'Heart rate (/min)', min: 10, max: 300, step: '1' },
  { key: 'systolic', label: 'Systolic (mmHg)', min: 40, max: 300, step: '1' },
  { key: 'diastolic', label: 'Diastolic (mmHg)', min: 20, max: 200, step: '1' },
  { key: 'respiratoryRate', label: 'Breaths (/min)', min: 2, max: 80, step: '1' },
  { key: 'spo2', label: 'SpO₂ (%)', min: 30, max: 100, step: '1' },
  { key: 'weightKg', label: 'Weight (kg)', min: 0.2, max: 500, step: '0.1' },
  { key: 'heightCm', label: 'Height (cm)', min: 20, max: 260, step: '1' },
];

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
});

export function draftOf(soap: Soap, final: boolean, share: boolean): Draft {
  const vitals: Draft['vitals'] = {};
  for (const [k, v] of Object.entries(soap.objective.vitals ?? {})) vitals[k as VitalKey] = String(v);
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
  };
}

/** The API body, or a sentence saying what to fix. */
export function soapOf(d: Draft): { soap: Soap } | { problem: string } {
  const vitals: Vitals = {};
  for (const v of VITALS) {
    const raw = d.vitals[v.key]?.trim();
    if (!raw) continue;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < v.min || n > v.max) return { problem: `${v.label} must be a number from ${v.min} to ${v.max}.` };
    vitals[v.key] = n;
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
